/**
 * A sweep's report: trials ranked (those that trained furthest first, then by their final
 * validation metric, lower is better; runs that failed last), the best config, what successive
 * halving did at each rung, and the sweep's wall time.
 */
import type { Asha, RunConfig, RunFinalMetrics, SweepReport, SweepTrial } from '@rnnlab/contracts';

export interface SweepReportRun {
  runId: string;
  status: string;
  config: RunConfig;
  finalMetrics: RunFinalMetrics | null;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface SweepReportInput {
  experimentId: string;
  task: string;
  mode: 'grid' | 'random';
  axes: { flag: string; path: string }[];
  asha: Asha | null;
  runs: SweepReportRun[];
  rungs: { step: number; runId: string; decision: 'continue' | 'stop' }[];
  createdAt: number;
}

const valueAt = (config: RunConfig, path: string): string | number | boolean => {
  let node: unknown = config;
  for (const k of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[k];
  return node as string | number | boolean;
};

const fmt = (x: number) => (Math.abs(x) >= 0.01 && Math.abs(x) < 1000 ? x.toFixed(4) : x.toExponential(2));
const optionsText = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k}=${String(v)}`).join(' ');

/** @example const report = buildSweepReport({ experimentId, task, mode: 'grid', axes, asha, runs, rungs, createdAt: Date.now() }); */
export function buildSweepReport(input: SweepReportInput): SweepReport {
  const metricOf = (fm: RunFinalMetrics) => ('mse' in fm.val ? 'mse' : 'loss');
  const metric = (() => {
    const fm = input.runs.find((r) => r.finalMetrics)?.finalMetrics;
    return fm ? metricOf(fm) : 'loss';
  })();
  const stopAt = new Map(input.rungs.filter((r) => r.decision === 'stop').map((r) => [r.runId, r.step]));
  const unranked = input.runs.map((r) => {
    const value = r.finalMetrics && (r.status === 'succeeded' || r.status === 'stopped-early') ? r.finalMetrics.val[metric] : undefined;
    return {
      runId: r.runId,
      options: Object.fromEntries(input.axes.map((a) => [a.flag, valueAt(r.config, a.path)])),
      status: r.status,
      stoppedAt: r.status === 'stopped-early' ? (stopAt.get(r.runId) ?? null) : null,
      value: value !== undefined && Number.isFinite(value) ? value : null,
      wallS: r.finalMetrics ? r.finalMetrics.elapsedMs / 1000 : null,
      reached: r.status === 'stopped-early' ? (stopAt.get(r.runId) ?? 0) : r.status === 'succeeded' ? Number.POSITIVE_INFINITY : -1,
    };
  });
  unranked.sort((a, b) => b.reached - a.reached || (a.value ?? Number.POSITIVE_INFINITY) - (b.value ?? Number.POSITIVE_INFINITY) || a.runId.localeCompare(b.runId));
  const trials: SweepTrial[] = unranked.map(({ reached: _reached, ...t }, i) => ({ ...t, rank: i + 1 }));
  const best = trials.find((t) => t.value !== null && t.status === 'succeeded') ?? null;
  const starts = input.runs.map((r) => r.startedAt).filter((x): x is number => x !== null);
  const ends = input.runs.map((r) => r.finishedAt).filter((x): x is number => x !== null);
  const wallS = starts.length && ends.length ? (Math.max(...ends) - Math.min(...starts)) / 1000 : null;
  const stopped = trials.filter((t) => t.status === 'stopped-early').length;
  const asha = input.asha
    ? {
        ...input.asha,
        stopped,
        perRung: input.asha.rungs.map((step) => {
          const at = input.rungs.filter((r) => r.step === step);
          return { step, reached: at.length, continued: at.filter((r) => r.decision === 'continue').length };
        }),
      }
    : null;
  const failed = trials.filter((t) => t.status !== 'succeeded' && t.status !== 'stopped-early').length;
  const parts = [
    best ? `best of ${trials.length} trials: ${optionsText(best.options)} (val ${metric} ${fmt(best.value as number)})` : `no trial of ${trials.length} finished`,
  ];
  if (asha) parts.push(`${stopped} stopped early by successive halving (eta ${asha.eta}, rungs at ${asha.rungs.join(', ')} steps)`);
  if (failed) parts.push(`${failed} did not succeed`);
  if (wallS !== null) parts.push(`${wallS.toFixed(1)} s from the first trial's start to the last one's end`);
  return {
    experimentId: input.experimentId,
    kind: 'sweep',
    task: input.task,
    metric,
    mode: input.mode,
    trials,
    best,
    asha,
    wallS,
    verdict: parts.join('; '),
    createdAt: input.createdAt,
  };
}
