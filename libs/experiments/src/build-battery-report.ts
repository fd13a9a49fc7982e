/**
 * A battery's report: the comparison at every lag (each its own report: CIs, tests, verdict), the
 * solved metric against lag per cell, and each cell's memory horizon — the longest lag up to which
 * it solves every lag tested (most of its seeds meet the task's rule).
 */
import { LAG_LABELS, lagFieldOf, type BatteryReport, type CellHorizon, type ExperimentReport } from '@rnnlab/contracts';
import { buildReport, type ReportRun } from './build-report';
import { groupOf, type CellPlan } from './expand-compare';
import { solvedRule } from './solved';
import { list, nameOf, solves } from './verdict';

export interface BatteryReportRun extends ReportRun {
  lag: number;
}

export interface BatteryReportInput {
  experimentId: string;
  task: string;
  cells: CellPlan[];
  lags: number[];
  runs: BatteryReportRun[];
  createdAt: number;
}

function horizonOf(cell: string, perLag: BatteryReport['perLag']): CellHorizon {
  const solvedAt: number[] = [];
  let horizon: number | null = null;
  let unbroken = true;
  for (const { lag, report } of perLag) {
    const c = report.cells.find((x) => x.cell === cell);
    const ok = c !== undefined && solves(c);
    if (ok) solvedAt.push(lag);
    unbroken &&= ok;
    if (unbroken) horizon = lag;
  }
  return { cell, horizon, solvedAt };
}

function verdictOf(r: Omit<BatteryReport, 'verdict'>): string {
  const longest = r.lags.at(-1) as number;
  const ranked = [...r.horizons].sort((a, b) => (b.horizon ?? -1) - (a.horizon ?? -1));
  const say = (h: CellHorizon) =>
    h.horizon === null ? `${nameOf(h.cell)} below ${r.lags[0]} (not even the shortest)` : h.horizon === longest ? `${nameOf(h.cell)} ≥ ${longest} (every lag tested)` : `${nameOf(h.cell)} ${h.horizon}`;
  const parts = [`memory horizon (${r.lagLabel}): ${ranked.map(say).join(', ')}`];
  const shortest = ranked.at(-1) as CellHorizon;
  if (ranked.length > 1 && (shortest.horizon ?? -1) < (ranked[ranked.length - 2].horizon ?? -1)) parts.push(`${nameOf(shortest.cell)}'s is the shortest`);
  else if (ranked.length > 1) parts.push(`${list(ranked.filter((h) => h.horizon === shortest.horizon).map((h) => nameOf(h.cell)))} share the shortest`);
  const seeds = Math.max(...r.perLag.flatMap((l) => l.report.cells.map((c) => c.runs)));
  return `${parts.join('; ')} — horizon = the longest lag up to which a cell solves every lag (most of its ${seeds} seeds: ${r.solvedRule})${r.failures.length ? `; ${r.failures.length} run(s) did not succeed` : ''}`;
}

/** @example const report = buildBatteryReport({ experimentId, task: 'adding', cells: plan.cells, lags: [25, 50], runs, createdAt: Date.now() }); */
export function buildBatteryReport(input: BatteryReportInput): BatteryReport {
  const lagField = lagFieldOf(input.task);
  const perLag = input.lags.map((lag) => ({
    lag,
    report: buildReport({ experimentId: input.experimentId, task: input.task, cells: input.cells, runs: input.runs.filter((r) => r.lag === lag), createdAt: input.createdAt }),
  }));
  const first = input.runs.find((r) => r.status === 'succeeded' && r.finalMetrics)?.finalMetrics;
  const rule = solvedRule(first?.baseline ?? {});
  const failures: ExperimentReport['failures'] = perLag.flatMap((l) => l.report.failures);
  const report: Omit<BatteryReport, 'verdict'> = {
    experimentId: input.experimentId,
    kind: 'battery',
    task: input.task,
    lagField,
    lagLabel: LAG_LABELS[lagField],
    lags: input.lags,
    metric: rule?.metric ?? perLag[0].report.metric,
    lowerIsBetter: rule?.lowerIsBetter ?? true,
    solvedRule: rule?.text ?? 'no rule for this task',
    perLag,
    horizons: input.cells.map((c) => horizonOf(groupOf(c), perLag)),
    failures,
    createdAt: input.createdAt,
  };
  return { ...report, verdict: verdictOf(report) };
}
