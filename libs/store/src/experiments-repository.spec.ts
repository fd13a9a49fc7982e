import { expect, it } from 'vitest';
import { StoreInputError } from './errors/store-input-error';
import { describeEachDialect } from './testing/dialect-suite';
import { sleep, uniqueId } from './testing/fixtures';

describeEachDialect('experiments', (h) => {
  it('creates one experiment per spec hash: a double submit returns the first', async () => {
    const store = h.store();
    const specHash = uniqueId('spec');
    const spec = { cells: ['lstm', 'gru'], hidden: [64, 128], nested: { ok: true } };
    const a = await store.createExperiment({ id: uniqueId('exp'), name: 'cells', kind: 'sweep', spec, specHash });
    expect(a.created).toBe(true);
    expect(a.experiment).toMatchObject({ name: 'cells', kind: 'sweep', spec, specHash, status: 'active' });
    const b = await store.createExperiment({ id: uniqueId('exp'), name: 'cells again', kind: 'sweep', spec, specHash });
    expect(b).toEqual({ experiment: a.experiment, created: false });
    expect(await store.getExperiment(a.experiment.id)).toEqual(a.experiment);
    expect(await store.getExperiment(uniqueId('exp'))).toBeNull();
  });

  it('refuses a known id with another spec, and lists newest first', async () => {
    const store = h.store();
    const id = uniqueId('exp');
    await store.createExperiment({ id, name: 'a', kind: 'single', spec: {}, specHash: uniqueId('spec') });
    await expect(store.createExperiment({ id, name: 'b', kind: 'single', spec: {}, specHash: uniqueId('spec') })).rejects.toThrow(StoreInputError);
    await sleep(3);
    const later = uniqueId('exp');
    await store.createExperiment({ id: later, name: 'c', kind: 'single', spec: {}, specHash: uniqueId('spec') });
    const [first, second] = await store.listExperiments({ limit: 2 });
    expect([first.id, second.id]).toEqual([later, id]);
  });

  it('stores an experiment report, replaced when written again', async () => {
    const store = h.store();
    const { experiment } = await store.createExperiment({ id: uniqueId('exp'), name: 'cmp', kind: 'compare', spec: { a: 1 }, specHash: uniqueId('h') });
    expect(await store.getExperimentReport(experiment.id)).toBeNull();
    await store.putExperimentReport(experiment.id, { verdict: 'first' });
    await store.putExperimentReport(experiment.id, { verdict: 'second' });
    const got = await store.getExperimentReport(experiment.id);
    expect(got?.report).toEqual({ verdict: 'second' });
    expect(got?.createdAt).toEqual(expect.any(Number));
    await expect(store.putExperimentReport(uniqueId('exp'), { verdict: 'x' })).rejects.toThrow(); // no such experiment
  });
});
