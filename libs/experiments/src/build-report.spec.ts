import { describe, expect, it } from 'vitest';
import type { RunFinalMetrics } from '@rnnlab/contracts';
import { buildReport, type ReportRun } from './build-report';

const final = (mse: number, tokensPerS = 1000): RunFinalMetrics => ({
  val: { mse },
  test: { mse: mse * 1.1 },
  baseline: { mean_predictor_mse: 0.167 },
  params: 100,
  tokensPerS,
  elapsedMs: 2000,
  bestStep: 100,
  stoppedEarly: false,
});

const run = (cell: string, seed: number, mse: number): ReportRun => ({
  runId: `r-${cell}${seed}`,
  cell,
  seed,
  status: 'succeeded',
  failureReason: null,
  finalMetrics: final(mse),
  valCurve: [
    { step: 50, value: mse * 3 },
    { step: 100, value: mse },
  ],
});

const CELLS = [
  { cell: 'rnn' as const, hidden: 64, params: 4_353 },
  { cell: 'lstm' as const, hidden: 64, params: 17_217 },
  { cell: 'gru' as const, hidden: 64, params: 12_929 },
];

describe('buildReport', () => {
  const runs = [
    run('rnn', 1, 0.166), run('rnn', 2, 0.167), run('rnn', 3, 0.165),
    run('lstm', 1, 0.004), run('lstm', 2, 0.009), run('lstm', 3, 0.006),
    run('gru', 1, 0.003), run('gru', 2, 0.005), run('gru', 3, 0.004),
  ];
  const report = buildReport({ experimentId: 'x-0123456789abcdef', task: 'adding', cells: CELLS, runs, createdAt: 1 });

  it('summarises each cell over its seeds with a 95% CI, and counts the seeds that solved it', () => {
    const rnn = report.cells.find((c) => c.cell === 'rnn');
    expect(rnn?.metrics.mse.mean).toBeCloseTo(0.166, 12);
    // t(0.975, 2) * sd / sqrt(3) with sd = 0.001: scipy t.ppf(0.975, 2) = 4.302652729911275
    expect((rnn?.metrics.mse.high ?? 0) - 0.166).toBeCloseTo((4.302652729911275 * 0.001) / Math.sqrt(3), 9);
    expect(report.cells.map((c) => [c.cell, c.solved, c.succeeded])).toEqual([['rnn', 0, 3], ['lstm', 3, 3], ['gru', 3, 3]]);
    expect(report.solvedRule).toMatch(/a tenth of the mean predictor's \(0\.017\)/);
    expect(report.cells[1].test.mse.mean).toBeCloseTo((0.019 * 1.1) / 3, 12);
  });

  it('tests every pair on the primary metric and says it plainly', () => {
    expect(report.pairwise.map((p) => `${p.a}-${p.b}`)).toEqual(['rnn-lstm', 'rnn-gru', 'lstm-gru']);
    expect(report.pairwise.every((p) => p.pAdjusted >= p.p)).toBe(true);
    const rnnLstm = report.pairwise[0];
    expect(rnnLstm.test).toBe('welch');
    // positive errors are compared on a log scale: scipy.stats.ttest_ind(log a, log b, equal_var=False)
    expect(rnnLstm.scale).toBe('log');
    expect(rnnLstm.p).toBeCloseTo(0.004926687483741208, 12);
    expect(report.verdict).toMatch(/^GRU and LSTM solve it \(mse 0\.004(00)? ± 0\.00\d+, 0\.006(33)? ± 0\.0\d+\); RNN does not \(0\.166 ± 0\.00\d+\)/);
    expect(report.verdict).toMatch(/GRU beats RNN \(p = 0\.0\d+\)/);
    expect(report.verdict).toMatch(/tests on log mse/);
    expect(report.verdict).toMatch(/LSTM vs GRU: not significant \(p = 0\.\d+\)/);
  });

  it('tests on the values themselves when one is not positive', () => {
    const withZero = buildReport({ experimentId: 'x-0123456789abcdef', task: 'adding', cells: CELLS, runs: [...runs.slice(0, 8), run('gru', 3, 0)], createdAt: 1 });
    expect(withZero.pairwise.map((p) => p.scale)).toEqual(['log', 'linear', 'linear']);
    expect(withZero.verdict).toMatch(/tests on log mse/);
  });

  it('averages the curves per cell and names the runs that did not succeed', () => {
    const rnnCurve = report.curves.find((c) => c.cell === 'rnn');
    expect(rnnCurve?.steps).toEqual([50, 100]);
    expect(rnnCurve?.mean[1]).toBeCloseTo(0.166, 12);
    const failed = buildReport({
      experimentId: 'x-0123456789abcdef',
      task: 'adding',
      cells: CELLS,
      runs: [...runs.slice(0, 8), { ...run('gru', 3, 0), status: 'failed', failureReason: 'diverged', finalMetrics: null }],
      createdAt: 1,
    });
    expect(failed.failures).toEqual([{ runId: 'r-gru3', cell: 'gru', seed: 3, status: 'failed', reason: 'diverged' }]);
    expect(failed.cells[2]).toMatchObject({ runs: 3, succeeded: 2 });
    expect(failed.verdict).toMatch(/1 run\(s\) did not succeed/);
  });
});
