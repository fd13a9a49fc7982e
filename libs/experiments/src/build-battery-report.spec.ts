import { describe, expect, it } from 'vitest';
import type { RunFinalMetrics } from '@rnnlab/contracts';
import { buildBatteryReport, type BatteryReportRun } from './build-battery-report';

const final = (mse: number): RunFinalMetrics => ({
  val: { mse },
  test: { mse },
  baseline: { mean_predictor_mse: 0.167 },
  params: 100,
  tokensPerS: 1000,
  elapsedMs: 1000,
  bestStep: 100,
  stoppedEarly: false,
});

/** mse per cell and lag: below the bar (0.0167) is solved */
const OUTCOMES: Record<string, Record<number, number[]>> = {
  rnn: { 10: [0.003, 0.004, 0.002], 25: [0.01, 0.2, 0.012], 50: [0.17, 0.16, 0.17], 100: [0.17, 0.17, 0.16] },
  lstm: { 10: [1e-4, 2e-4, 1e-4], 25: [1e-4, 2e-4, 3e-4], 50: [3e-4, 2e-4, 3e-4], 100: [8e-4, 9e-4, 1e-3] },
  // solves 50 past a failure at 25: its horizon stays 10
  gru: { 10: [1e-4, 1e-4, 2e-4], 25: [0.2, 0.17, 1e-3], 50: [1e-3, 2e-3, 1e-3], 100: [0.17, 0.16, 0.17] },
};

const runs: BatteryReportRun[] = Object.entries(OUTCOMES).flatMap(([cell, byLag]) =>
  Object.entries(byLag).flatMap(([lag, mses]) =>
    mses.map((mse, i) => ({ runId: `r-${cell}${lag}${i}`, cell, seed: i + 1, lag: Number(lag), status: 'succeeded', failureReason: null, finalMetrics: final(mse), valCurve: [] })),
  ),
);

const CELLS = [
  { cell: 'rnn' as const, hidden: 64, params: 4_417 },
  { cell: 'lstm' as const, hidden: 64, params: 17_473 },
  { cell: 'gru' as const, hidden: 64, params: 13_121 },
];

describe('buildBatteryReport', () => {
  const report = buildBatteryReport({ experimentId: 'x-0123456789abcdef', task: 'adding', cells: CELLS, lags: [10, 25, 50, 100], runs, createdAt: 1 });

  it('reports the comparison at every lag', () => {
    expect(report).toMatchObject({ kind: 'battery', lagField: 'seqLen', lagLabel: 'sequence length T', metric: 'mse', lowerIsBetter: true });
    expect(report.perLag.map((l) => l.lag)).toEqual([10, 25, 50, 100]);
    const at25 = report.perLag[1].report;
    expect(at25.cells.map((c) => [c.cell, c.solved])).toEqual([['rnn', 2], ['lstm', 3], ['gru', 1]]);
    expect(at25.cells[0].metrics.mse.mean).toBeCloseTo((0.01 + 0.2 + 0.012) / 3, 12);
  });

  it('gives each cell the longest lag up to which it solves every lag', () => {
    expect(report.horizons).toEqual([
      { cell: 'rnn', horizon: 25, solvedAt: [10, 25] },
      { cell: 'lstm', horizon: 100, solvedAt: [10, 25, 50, 100] },
      { cell: 'gru', horizon: 10, solvedAt: [10, 50] },
    ]);
    expect(report.verdict).toMatch(/^memory horizon \(sequence length T\): LSTM ≥ 100 \(every lag tested\), RNN 25, GRU 10; GRU's is the shortest — /);
    expect(report.verdict).toMatch(/most of its 3 seeds: mse below a tenth of the mean predictor's \(0\.017\)/);
  });

  it('says when no lag is solved, and when cells share the shortest horizon', () => {
    const failing = runs.map((r) => (r.cell === 'gru' || r.cell === 'rnn' ? { ...r, finalMetrics: final(0.17) } : r));
    const r = buildBatteryReport({ experimentId: 'x-0123456789abcdef', task: 'adding', cells: CELLS, lags: [10, 25, 50, 100], runs: failing, createdAt: 1 });
    expect(r.horizons.map((h) => h.horizon)).toEqual([null, 100, null]);
    expect(r.verdict).toMatch(/RNN below 10 \(not even the shortest\), GRU below 10 \(not even the shortest\); RNN and GRU share the shortest/);
  });
});
