/**
 * The sandboxed processor of report jobs, the last job of an experiment's flow: once every run is
 * final, build the report (statistics over seeds, pairwise tests, curves, verdict; for a battery,
 * that at every lag and the memory horizons; for a sweep, the trials ranked) and store it.
 * Storing replaces: a report job that runs twice (at-least-once, or its worker killed) writes the
 * same report again, never a second one. Runs still going (the report job was re-enqueued alone
 * after Redis lost the flow) send it back to wait.
 */
import type { SandboxedJob } from 'bullmq';
import { groupOfRun, lagFieldOf, ReportJobDataSchema, SweepSpecSchema, type ReportJobData } from '@rnnlab/contracts';
import { buildBatteryReport, buildReport, buildSweepReport, type BatteryReportRun, type CellPlan } from '@rnnlab/experiments';
import { badPayload, childStore, unrecoverable } from './child-context';

const RECHECK_MS = Number(process.env.RNNLAB_REPORT_RECHECK_MS ?? 5000);

function delayed(message: string): Error {
  const e = new Error(message);
  e.name = 'DelayedError';
  return e;
}

// BullMQ loads a sandboxed processor as the module's default export.
// eslint-disable-next-line no-restricted-syntax
export default async function processReportJob(job: SandboxedJob<ReportJobData>, token?: string): Promise<{ experimentId: string; verdict: string }> {
  const parsed = ReportJobDataSchema.safeParse(job.data);
  if (!parsed.success) throw badPayload('report', parsed.error.issues);
  const { experimentId } = parsed.data;
  const db = await childStore();
  const experiment = await db.getExperiment(experimentId);
  if (!experiment) throw unrecoverable(`experiment ${experimentId} is not in the database`);
  const runs = await db.listRuns({ experimentId, limit: 1000 });
  if (runs.some((r) => r.status === 'queued' || r.status === 'running')) {
    await job.moveToDelayed(Date.now() + RECHECK_MS, token);
    throw delayed(`experiment ${experimentId}: runs still going`);
  }
  if (experiment.kind === 'sweep') {
    const { plan: _plan, ...stored } = experiment.spec;
    const spec = SweepSpecSchema.safeParse(stored);
    if (!spec.success) throw unrecoverable(`sweep ${experimentId}: its spec is unreadable`);
    const report = buildSweepReport({
      experimentId,
      task: runs[0]?.task ?? 'unknown',
      mode: spec.data.search.mode,
      axes: spec.data.axes,
      asha: spec.data.asha,
      runs: runs.map((r) => ({ runId: r.id, status: r.status, config: r.config, finalMetrics: r.finalMetrics, startedAt: r.startedAt, finishedAt: r.finishedAt })),
      rungs: await db.listRungs(experimentId),
      createdAt: Date.now(),
    });
    await db.putExperimentReport(experimentId, report as unknown as Record<string, unknown>);
    return { experimentId, verdict: report.verdict };
  }
  const plan = experiment.spec.plan as { cells?: CellPlan[]; lags?: number[] } | undefined;
  if (!plan?.cells) throw unrecoverable(`experiment ${experimentId} has no plan of cells`);
  if (experiment.kind === 'battery' && !plan.lags) throw unrecoverable(`battery ${experimentId} has no lags in its plan`);
  const first = runs.find((r) => r.status === 'succeeded' && r.finalMetrics);
  const metric = first?.finalMetrics && 'mse' in first.finalMetrics.val ? 'mse' : 'loss';
  const task = runs[0]?.task ?? 'unknown';
  const lagField = experiment.kind === 'battery' ? lagFieldOf(task) : null;
  const reportRuns: BatteryReportRun[] = [];
  for (const r of runs) {
    const curve = r.status === 'succeeded' ? await db.getMetrics(r.id, { split: 'val', name: metric }) : [];
    reportRuns.push({
      runId: r.id,
      cell: groupOfRun(experiment, r),
      seed: r.seed,
      status: r.status,
      failureReason: r.failureReason,
      finalMetrics: r.finalMetrics,
      valCurve: curve.map((p) => ({ step: p.step, value: p.value })),
      lag: lagField ? r.config.task[lagField] : 0,
    });
  }
  const input = { experimentId, task, cells: plan.cells, runs: reportRuns, createdAt: Date.now() };
  const report = lagField ? buildBatteryReport({ ...input, lags: plan.lags as number[] }) : buildReport(input);
  await db.putExperimentReport(experimentId, report as unknown as Record<string, unknown>);
  return { experimentId, verdict: report.verdict };
}
