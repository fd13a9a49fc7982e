/**
 * Every read the pages make, in one place (server only). Pages call these from server components;
 * nothing here writes. Each needs at least a viewer: a signed-out visitor is sent to /sign-in.
 * Series are downsampled in the store (min/max per bucket keeps spikes).
 */
import { FINAL_STATUSES, groupOfRun, MODEL_ARTIFACT_FILES, MODEL_ARTIFACT_KIND, type DiagnosticsEvent, type ExperimentReport, type ModelArtifactFile, type RunStatus } from '@rnnlab/contracts';
import type { Experiment, MetricBucket, RunEvent, RunRow, Sample, WorkerInfo } from '@rnnlab/store';
import { PAGE_SIZE, storeSort, type RunsView } from './runs-query';
import { requireRoleOrSignIn } from './server/auth';
import { cachedSeries } from './server/series-cache';
import { getQueue, getStore } from './server/services';

/** points per series shipped to a chart: about its width in pixels */
export const CHART_BUCKETS = 800;

export async function runsPage(view: RunsView) {
  await requireRoleOrSignIn('viewer');
  const store = await getStore();
  const filter = {
    ...(view.status.length ? { status: view.status } : {}),
    ...(view.cell.length ? { cell: view.cell } : {}),
    ...(view.task.length ? { task: view.task } : {}),
    ...(view.experiment ? { experimentId: view.experiment } : {}),
  };
  const sort = view.group ? storeSort({ ...view, sort: 'cell' }) : storeSort(view);
  const [rows, total, byCell, byStatus] = await Promise.all([
    store.listRuns({ ...filter, sort, limit: PAGE_SIZE, offset: (view.page - 1) * PAGE_SIZE }),
    store.countRuns(filter),
    store.countRunsBy('cell', filter),
    store.countRunsBy('status', filter),
  ]);
  return { rows, total, byCell, byStatus, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export async function hasExperiments(): Promise<boolean> {
  await requireRoleOrSignIn('viewer');
  const store = await getStore();
  return (await store.listExperiments({ limit: 1 })).length > 0;
}

export async function experimentsList(page: number) {
  await requireRoleOrSignIn('viewer');
  const store = await getStore();
  const experiments = await store.listExperiments({ limit: 100, offset: (page - 1) * 100 });
  const withCounts = await Promise.all(
    experiments.map(async (e) => ({ experiment: e, byStatus: await store.countRunsBy('status', { experimentId: e.id }) })),
  );
  return withCounts;
}

export interface RunSeries {
  runId: string;
  group: string;
  cell: string;
  seed: number;
  status: RunStatus;
  points: MetricBucket[];
}

/** The val metric a chart of these runs shows: the report's, else mse for regression, else loss. */
function primaryMetric(report: { metric?: string } | null, runs: RunRow[]): string {
  if (report?.metric) return report.metric;
  const done = runs.find((r) => r.finalMetrics);
  if (done?.finalMetrics && 'mse' in done.finalMetrics.val) return 'mse';
  return runs.some((r) => r.task === 'adding') ? 'mse' : 'loss';
}

/**
 * A run's val curve ends with its final evaluation (the whole split, stored in the run row, not as a
 * periodic point) at the step of the weights it kept.
 */
export function withFinal(points: MetricBucket[], run: RunRow, metric: string): MetricBucket[] {
  const v = run.finalMetrics?.val[metric];
  if (v === undefined) return points;
  const step = run.finalMetrics?.stoppedEarly ? run.finalMetrics.bestStep : run.config.train.steps;
  if (points.length && points[points.length - 1].step >= step) return points;
  return [...points, { step, min: v, max: v, last: v, n: 1 }];
}

export async function experimentView(id: string) {
  await requireRoleOrSignIn('viewer');
  const store = await getStore();
  const experiment = await store.getExperiment(id);
  if (!experiment) return null;
  const runs = await store.listRuns({ experimentId: id, limit: 1000 });
  const stored = await store.getExperimentReport(id);
  const report = (stored?.report ?? null) as (ExperimentReport | Record<string, unknown>) | null;
  const metric = primaryMetric(report as { metric?: string } | null, runs);
  const charted = runs.slice(0, 200);
  // a thin line per run: fewer points each when there are many (100 runs x 400 points still fill the width)
  const buckets = Math.max(100, Math.min(CHART_BUCKETS, Math.floor(40_000 / Math.max(1, charted.length))));
  const val = await cachedSeries(store, charted, { split: 'val', name: metric, buckets });
  const loss = await cachedSeries(store, charted, { split: 'train', name: 'loss', buckets });
  const seriesOf = (by: Record<string, MetricBucket[]>, final?: string): RunSeries[] =>
    runs.filter((r) => by[r.id]).map((r) => ({ runId: r.id, group: groupOfRun(experiment, r), cell: r.cell, seed: r.seed, status: r.status, points: final ? withFinal(by[r.id], r, final) : by[r.id] }));
  const rungs = experiment.kind === 'sweep' ? await store.listRungs(id) : [];
  return { experiment, runs, report, reportAt: stored?.createdAt ?? null, metric, val: seriesOf(val, metric), loss: seriesOf(loss), rungs, groups: [...new Set(runs.map((r) => groupOfRun(experiment, r)))] };
}

export interface DiagnosticsOverlayRun {
  runId: string;
  cell: string;
  group: string;
  seed: number;
  /** the earliest and the latest diagnostics of the run */
  early: DiagnosticsEvent | null;
  late: DiagnosticsEvent | null;
}

export async function runView(id: string) {
  await requireRoleOrSignIn('viewer');
  const store = await getStore();
  const run = await store.getRun(id);
  if (!run) return null;
  const [events, diagnostics, samples, checkpoints, experiment, artifacts] = await Promise.all([
    store.listEvents(id),
    store.getDiagnostics(id),
    store.getSamples(id),
    store.listCheckpoints(id),
    run.experimentId ? store.getExperiment(run.experimentId) : Promise.resolve(null),
    store.listArtifacts(id, MODEL_ARTIFACT_KIND),
  ]);
  // the trained model for TensorFlow.js, when the worker could export it (both files stored)
  const model = MODEL_ARTIFACT_FILES.every((f) => artifacts.some((a) => a.name === f));
  const valNames = [...new Set((await store.getMetrics(id, { split: 'val' })).map((p) => p.name))].sort();
  const series = await Promise.all(
    [{ split: 'train' as const, name: 'loss' }, { split: 'train' as const, name: 'grad_norm' }, ...valNames.map((name) => ({ split: 'val' as const, name }))].map(async (s) => ({
      ...s,
      points: (await cachedSeries(store, [run], { ...s, buckets: CHART_BUCKETS }))[id] ?? [],
    })),
  );
  // the picture of vanishing gradients: the same experiment's other cells, same seed first
  let overlay: DiagnosticsOverlayRun[] = [];
  if (experiment) {
    const siblings = await store.listRuns({ experimentId: experiment.id, limit: 1000 });
    const pick = new Map<string, RunRow>();
    for (const r of [run, ...siblings.filter((s) => s.seed === run.seed), ...siblings]) {
      const g = groupOfRun(experiment, r);
      if (!pick.has(g)) pick.set(g, r);
    }
    overlay = await Promise.all(
      [...pick.entries()].slice(0, 12).map(async ([group, r]) => {
        const d = r.id === id ? diagnostics : await store.getDiagnostics(r.id);
        return { runId: r.id, cell: r.cell, group, seed: r.seed, early: d[0] ?? null, late: d.at(-1) ?? null };
      }),
    );
  }
  return { run, events, diagnostics, samples: samples.slice(-20), checkpoints, experiment, series, overlay, model, final: FINAL_STATUSES.includes(run.status) };
}

/** One file of a run's exported model (null when absent), for /api/v1/runs/[id]/model/[file]. */
export async function runModelFile(runId: string, file: ModelArtifactFile) {
  await requireRoleOrSignIn('viewer');
  const store = await getStore();
  return store.getArtifact(runId, MODEL_ARTIFACT_KIND, file);
}

export interface FleetView {
  workers: (WorkerInfo & { alive: boolean })[];
  queues: Record<string, Record<string, number>> | null;
  redisError: string | null;
  failed: RunRow[];
  queued: RunRow[];
}

export async function fleetView(): Promise<FleetView> {
  await requireRoleOrSignIn('viewer');
  const store = await getStore();
  const [workers, failed, queued] = await Promise.all([
    store.listWorkers(),
    store.listRuns({ status: 'failed', limit: 50, sort: { by: 'finished', dir: 'desc' } }),
    store.listRuns({ status: 'queued', limit: 50, sort: { by: 'priority', dir: 'desc' } }),
  ]);
  let queues: FleetView['queues'] = null;
  let redisError: string | null = null;
  try {
    const { queue } = await getQueue();
    queues = await queue.countsByQueue();
  } catch (e) {
    redisError = (e as Error).message;
  }
  const now = Date.now();
  return { workers: workers.map((w) => ({ ...w, alive: now - w.heartbeatAt < 30_000 })), queues, redisError, failed, queued };
}

export type { Experiment, RunEvent, RunRow, Sample };
