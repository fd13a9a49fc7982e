import { expect, it } from 'vitest';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun, uniqueId } from './testing/fixtures';

/** continue when best so far (a stand-in for the successive-halving rule, which lives in @rnnlab/experiments) */
const bestSoFar = (v: number) => (earlier: number[]) => (earlier.every((x) => v <= x) ? 'continue' : 'stop');

describeEachDialect('sweep rungs', (h) => {
  async function sweepWithRuns(n: number) {
    const store = h.store();
    const experimentId = uniqueId('exp');
    await store.createExperiment({ id: experimentId, name: 'sweep', kind: 'sweep', spec: {}, specHash: uniqueId('h') });
    const runs: string[] = [];
    for (let i = 0; i < n; i++) runs.push((await store.createRun(newRun({ id: uniqueId(), experimentId }))).run.id);
    return { store, experimentId, runs };
  }

  it('decides each trial once, over the trials that reached the rung before it', async () => {
    const { store, experimentId, runs } = await sweepWithRuns(3);
    const seen: number[][] = [];
    const record = (runId: string, value: number) =>
      store.recordRung({ experimentId, step: 100, runId, value, decide: (e) => (seen.push(e), bestSoFar(value)(e)) });
    expect(await record(runs[0], 0.5)).toEqual({ decision: 'continue', trials: 1, recorded: true });
    expect(await record(runs[1], 0.9)).toEqual({ decision: 'stop', trials: 2, recorded: true });
    expect(await record(runs[2], 0.1)).toEqual({ decision: 'continue', trials: 3, recorded: true });
    expect(seen.map((e) => [...e].sort())).toEqual([[], [0.5], [0.5, 0.9]]);
    // the same trial at the same rung again (its job ran twice): the first decision, decide() not called
    expect(await record(runs[1], 0.01)).toEqual({ decision: 'stop', trials: 3, recorded: false });
    expect(seen).toHaveLength(3);
    const rows = await store.listRungs(experimentId);
    expect(rows.map((r) => [r.runId, r.step, r.value, r.decision]).sort()).toEqual(
      [[runs[0], 100, 0.5, 'continue'], [runs[1], 100, 0.9, 'stop'], [runs[2], 100, 0.1, 'continue']].sort(),
    );
  });

  it('serializes trials arriving at once: each sees all that came before', async () => {
    const { store, experimentId, runs } = await sweepWithRuns(6);
    const other = await h.open();
    const sizes: number[] = [];
    await Promise.all(
      runs.map((runId, i) => (i % 2 ? other : store).recordRung({ experimentId, step: 50, runId, value: i, decide: (e) => (sizes.push(e.length), 'continue') })),
    );
    expect(sizes.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps stopped-early as a final run status', async () => {
    const { store, runs } = await sweepWithRuns(1);
    const started = await store.startAttempt(runs[0], { attempt: 1, host: 'h', workerId: 'w' });
    expect(started).not.toBeNull();
    const finalMetrics = { val: { mse: 0.1 }, test: { mse: 0.1 }, baseline: {}, params: 1, tokensPerS: 1, elapsedMs: 1, bestStep: 1, stoppedEarly: true };
    expect(await store.finishRun(runs[0], 1, { status: 'stopped-early', finalMetrics })).toBe(true);
    expect((await store.getRun(runs[0]))?.status).toBe('stopped-early');
    expect((await store.listRuns({ status: 'stopped-early', limit: 1000 })).map((r) => r.id)).toContain(runs[0]);
    // the widened check (migration 0004) still refuses what no status is
    await expect(h.raw(h.url(), `update runs set status = 'bogus' where id = '${runs[0]}'`)).rejects.toThrow(/check/i);
  });

  it('refuses a value that is not finite', async () => {
    const { store, experimentId, runs } = await sweepWithRuns(1);
    await expect(store.recordRung({ experimentId, step: 1, runId: runs[0], value: Number.NaN, decide: () => 'continue' })).rejects.toThrow(/expected value to be finite in recordRung\(\), got NaN/);
  });
});
