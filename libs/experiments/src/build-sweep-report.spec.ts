import { describe, expect, it } from 'vitest';
import { parseRunConfig, type RunFinalMetrics } from '@rnnlab/contracts';
import { buildSweepReport, type SweepReportRun } from './build-sweep-report';

const final = (mse: number): RunFinalMetrics => ({ val: { mse }, test: { mse }, baseline: {}, params: 10, tokensPerS: 1, elapsedMs: 2000, bestStep: 1, stoppedEarly: false });
const run = (id: string, lr: number, status: string, mse: number | null, start: number, end: number): SweepReportRun => ({
  runId: id,
  status,
  config: parseRunConfig({ task: { name: 'adding' }, train: { lr } }),
  finalMetrics: mse === null ? null : final(mse),
  startedAt: start,
  finishedAt: end,
});

describe('buildSweepReport', () => {
  const runs = [
    run('r-a', 0.001, 'succeeded', 0.02, 1000, 9000),
    run('r-b', 0.003, 'succeeded', 0.01, 1000, 8000),
    // stopped at the first rung with a better metric than r-d, which went on to the second
    run('r-c', 0.01, 'stopped-early', 0.05, 2000, 3000),
    run('r-d', 0.03, 'stopped-early', 0.08, 2000, 5000),
    run('r-e', 0.1, 'failed', null, 3000, 3500),
  ];
  const rungs = [
    { step: 100, runId: 'r-a', decision: 'continue' as const },
    { step: 100, runId: 'r-b', decision: 'continue' as const },
    { step: 100, runId: 'r-c', decision: 'stop' as const },
    { step: 100, runId: 'r-d', decision: 'continue' as const },
    { step: 300, runId: 'r-a', decision: 'continue' as const },
    { step: 300, runId: 'r-b', decision: 'continue' as const },
    { step: 300, runId: 'r-d', decision: 'stop' as const },
  ];
  const report = buildSweepReport({
    experimentId: 'x-0123456789abcdef', task: 'adding', mode: 'grid', axes: [{ flag: 'lr', path: 'train.lr' }],
    asha: { eta: 3, rungs: [100, 300] }, runs, rungs, createdAt: 1,
  });

  it('ranks finished trials by their metric, then stopped ones by how far they went, failures last', () => {
    expect(report.trials.map((t) => [t.rank, t.runId, t.stoppedAt])).toEqual([[1, 'r-b', null], [2, 'r-a', null], [3, 'r-d', 300], [4, 'r-c', 100], [5, 'r-e', null]]);
    expect(report.best).toMatchObject({ runId: 'r-b', options: { lr: 0.003 }, value: 0.01 });
  });

  it('says what successive halving did at each rung, and the wall time', () => {
    expect(report.asha).toEqual({ eta: 3, rungs: [100, 300], stopped: 2, perRung: [{ step: 100, reached: 4, continued: 3 }, { step: 300, reached: 3, continued: 2 }] });
    expect(report.wallS).toBe(8);
    expect(report.verdict).toBe('best of 5 trials: lr=0.003 (val mse 0.0100); 2 stopped early by successive halving (eta 3, rungs at 100, 300 steps); 1 did not succeed; 8.0 s from the first trial\'s start to the last one\'s end');
  });
});
