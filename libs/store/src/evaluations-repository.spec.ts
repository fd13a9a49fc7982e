import { parseRunConfig } from '@rnnlab/contracts';
import { expect, it } from 'vitest';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun, uniqueId } from './testing/fixtures';

describeEachDialect('evaluations', (h) => {
  const task = parseRunConfig({ task: { name: 'adding', seqLen: 20 } }).task;

  it('creates an evaluation once per id, and lists a run\'s evaluations oldest first', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    const id = uniqueId('e');
    const a = await store.createEvaluation({ id, runId: run.id, split: 'test', task: null });
    expect(a.created).toBe(true);
    expect(a.evaluation).toMatchObject({ id, runId: run.id, split: 'test', task: null, status: 'queued', attempts: 0, metrics: null });
    const again = await store.createEvaluation({ id, runId: run.id, split: 'test', task: null });
    expect(again).toMatchObject({ created: false, evaluation: { id, status: 'queued' } });
    const other = uniqueId('e');
    await store.createEvaluation({ id: other, runId: run.id, split: 'val', task });
    expect((await store.listEvaluations(run.id)).map((e) => [e.id, e.split, e.task?.seqLen ?? null])).toEqual([
      [id, 'test', null],
      [other, 'val', 20],
    ]);
  });

  it('finishes only for the current attempt, and a final evaluation is not started again', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    const id = uniqueId('e');
    await store.createEvaluation({ id, runId: run.id, split: 'test', task: null });
    expect((await store.startEvaluation(id))?.attempts).toBe(1);
    // the job ran twice: the second delivery is attempt 2, and the first one's late finish loses
    expect((await store.startEvaluation(id))?.attempts).toBe(2);
    expect(await store.finishEvaluation(id, 1, { status: 'succeeded', metrics: { mse: 1 } })).toBe(false);
    expect(await store.finishEvaluation(id, 2, { status: 'succeeded', metrics: { mse: 0.01 }, checkpointStep: 300 })).toBe(true);
    expect(await store.finishEvaluation(id, 2, { status: 'failed', failureReason: 'late' })).toBe(false);
    expect(await store.startEvaluation(id)).toBeNull();
    expect(await store.getEvaluation(id)).toMatchObject({ status: 'succeeded', metrics: { mse: 0.01 }, checkpointStep: 300, failureReason: null });
    expect((await store.getEvaluation(id))?.finishedAt).toEqual(expect.any(Number));
  });

  it('queues a failed evaluation again when it is asked for again', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    const id = uniqueId('e');
    await store.createEvaluation({ id, runId: run.id, split: 'val', task: null });
    await store.startEvaluation(id);
    expect(await store.finishEvaluation(id, 1, { status: 'failed', failureReason: 'worker out of memory' })).toBe(true);
    const again = await store.createEvaluation({ id, runId: run.id, split: 'val', task: null });
    expect(again).toMatchObject({ created: false, evaluation: { status: 'queued', failureReason: null, attempts: 1 } });
    expect((await store.startEvaluation(id))?.attempts).toBe(2);
  });

  it('refuses bad arguments naming the field', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    await expect(store.createEvaluation({ id: uniqueId('e'), runId: run.id, split: 'dev' as 'val', task: null })).rejects.toThrow(/split/);
    await expect(store.createEvaluation({ id: '../x', runId: run.id, split: 'val', task: null })).rejects.toThrow(/id/);
    // a run that does not exist: the foreign key refuses it
    await expect(store.createEvaluation({ id: uniqueId('e'), runId: uniqueId(), split: 'val', task: null })).rejects.toThrow();
  });
});
