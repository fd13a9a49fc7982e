/**
 * A comparison's report from its runs: per cell, the mean and 95% confidence interval over seeds of
 * every final metric; pairwise tests between cells on the primary metric (Welch's t-test, or an
 * exact permutation test when seeds are few; Holm-adjusted); how many seeds solved the task; the
 * validation curves averaged per cell; and a verdict in plain language. Positive errors are tested on
 * a log scale (a solved and an unsolved seed differ by orders of magnitude; logs are near normal).
 */
import type { CellCurve, CellSummary, ExperimentReport, MeanCi, PairwiseTest, RunFinalMetrics } from '@rnnlab/contracts';
import { compareSamples, confidenceInterval, holmAdjust, mean, sampleSd } from '@rnnlab/stats';
import { groupOf, type CellPlan } from './expand-compare';
import { solvedRule } from './solved';
import { verdictOf } from './verdict';

export interface ReportRun {
  runId: string;
  /** its group: the cell, or the variant's label in a comparison over a model option */
  cell: string;
  seed: number;
  status: string;
  failureReason: string | null;
  finalMetrics: RunFinalMetrics | null;
  /** the primary metric on the validation split against step */
  valCurve: { step: number; value: number }[];
}

export interface ReportInput {
  experimentId: string;
  task: string;
  cells: CellPlan[];
  runs: ReportRun[];
  createdAt: number;
}

function ci(xs: number[]): MeanCi | null {
  const finite = xs.filter(Number.isFinite);
  if (finite.length === 0) return null;
  const c = confidenceInterval(finite);
  return { n: c.n, mean: c.mean, low: c.low, high: c.high };
}

function metricCis(rows: Record<string, number>[]): Record<string, MeanCi> {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  const out: Record<string, MeanCi> = {};
  for (const name of names) {
    const c = ci(rows.map((r) => r[name]).filter((v) => v !== undefined));
    if (c) out[name] = c;
  }
  return out;
}

/** mean and mean ± sd per step, over the runs that have that step */
function curveOf(cell: string, runs: ReportRun[]): CellCurve {
  const bySteps = new Map<number, number[]>();
  for (const r of runs) for (const p of r.valCurve) if (Number.isFinite(p.value)) (bySteps.get(p.step) ?? bySteps.set(p.step, []).get(p.step))?.push(p.value);
  const steps = [...bySteps.keys()].sort((a, b) => a - b);
  const curve: CellCurve = { cell, steps, mean: [], low: [], high: [] };
  for (const s of steps) {
    const xs = bySteps.get(s) as number[];
    const m = mean(xs);
    const sd = xs.length > 1 ? sampleSd(xs) : 0;
    curve.mean.push(m);
    curve.low.push(m - sd);
    curve.high.push(m + sd);
  }
  return curve;
}

/** @example const report = buildReport({ experimentId, task: 'adding', cells: plan.cells, runs, createdAt: Date.now() }); */
export function buildReport(input: ReportInput): ExperimentReport {
  const ok = input.runs.filter((r) => r.status === 'succeeded' && r.finalMetrics);
  const anyVal = ok[0]?.finalMetrics?.val ?? {};
  const metric = 'mse' in anyVal ? 'mse' : 'loss';
  const rule = solvedRule(ok[0]?.finalMetrics?.baseline ?? {});
  const cells: CellSummary[] = input.cells.map((plan) => {
    const mine = input.runs.filter((r) => r.cell === groupOf(plan));
    const done = mine.filter((r) => r.status === 'succeeded' && r.finalMetrics);
    const fm = done.map((r) => r.finalMetrics as RunFinalMetrics);
    return {
      cell: groupOf(plan),
      hidden: plan.hidden,
      params: plan.params,
      runs: mine.length,
      succeeded: done.length,
      metrics: metricCis(fm.map((m) => m.val)),
      test: metricCis(fm.map((m) => m.test)),
      tokensPerS: ci(fm.map((m) => m.tokensPerS)),
      wallS: ci(fm.map((m) => m.elapsedMs / 1000)),
      solved: rule ? fm.filter((m) => rule.solved(m.val)).length : 0,
    };
  });
  const samples = (cell: string) => ok.filter((r) => r.cell === cell).map((r) => (r.finalMetrics as RunFinalMetrics).val[metric]).filter(Number.isFinite);
  const raw: Omit<PairwiseTest, 'pAdjusted'>[] = [];
  for (let i = 0; i < cells.length; i++) {
    for (let j = i + 1; j < cells.length; j++) {
      const a = samples(cells[i].cell);
      const b = samples(cells[j].cell);
      if (a.length < 2 || b.length < 2) continue;
      // errors (mse, loss) are positive and spread over orders of magnitude between a cell that
      // solves a task and one that does not: compare them on a log scale, where seeds are near normal
      const scale = [...a, ...b].every((x) => x > 0) ? 'log' : 'linear';
      const t = scale === 'log' ? compareSamples(a.map(Math.log), b.map(Math.log)) : compareSamples(a, b);
      raw.push({ a: cells[i].cell, b: cells[j].cell, metric, scale, test: t.test, p: t.p, meanDiff: mean(a) - mean(b) });
    }
  }
  const adjusted = holmAdjust(raw.map((r) => r.p));
  const pairwise: PairwiseTest[] = raw.map((r, i) => ({ ...r, pAdjusted: adjusted[i] }));
  const failures = input.runs
    .filter((r) => r.status !== 'succeeded')
    .map((r) => ({ runId: r.runId, cell: r.cell, seed: r.seed, status: r.status, reason: r.failureReason }));
  const report: Omit<ExperimentReport, 'verdict'> = {
    experimentId: input.experimentId,
    kind: 'compare',
    task: input.task,
    metric,
    lowerIsBetter: true,
    solvedRule: rule?.text ?? 'no rule for this task: every run counts as unsolved',
    cells,
    pairwise,
    curves: input.cells.map((c) => curveOf(groupOf(c), input.runs.filter((r) => r.cell === groupOf(c) && r.status === 'succeeded'))),
    failures,
    createdAt: input.createdAt,
  };
  return { ...report, verdict: verdictOf(report) };
}
