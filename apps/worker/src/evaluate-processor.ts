/**
 * The sandboxed processor of evaluate jobs: score a run's newest valid checkpoint (its best weights
 * when it stopped early) on a whole split of its own data or of another dataset of the same kind,
 * and record the metrics as an evaluation of the run. Conditional like every final write: a job
 * that runs twice counts a second attempt, and only the current attempt's result is kept.
 */
import type { SandboxedJob } from 'bullmq';
import { dataSeedOf, EvaluateJobDataSchema, type EvaluateJobData } from '@rnnlab/contracts';
import type { Evaluation } from '@rnnlab/store';
import { evaluateCheckpoint } from '@rnnlab/trainer';
import { badPayload, childRedis, childStore, host, isUnrecoverable, queuePrefix, threadsOf, unrecoverable } from './child-context';
import { StoreCheckpoints } from './store-checkpoints';
import { prepareInStore } from './stored-datasets';

const formatMetrics = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(4)}`)
    .join(', ');

// BullMQ loads a sandboxed processor as the module's default export.
// eslint-disable-next-line no-restricted-syntax
export default async function processEvaluateJob(job: SandboxedJob<EvaluateJobData>): Promise<Evaluation | null> {
  const parsed = EvaluateJobDataSchema.safeParse(job.data);
  if (!parsed.success) throw badPayload('evaluate', parsed.error.issues);
  const { evaluationId, runId, split, task } = parsed.data;
  const db = await childStore();
  const started = await db.startEvaluation(evaluationId);
  if (!started) return db.getEvaluation(evaluationId); // final already (a duplicate delivery), or deleted
  const attempt = started.attempts;
  const fail = async (reason: string) => {
    await db.finishEvaluation(evaluationId, attempt, { status: 'failed', failureReason: reason });
    throw unrecoverable(reason);
  };
  const run = await db.getRun(runId);
  if (!run) return fail(`run ${runId} is not in the database`);
  try {
    const latest = await new StoreCheckpoints(db, runId).latest();
    if (!latest.found) {
      const why = latest.skipped.length ? `: ${latest.skipped.map((s) => s.reason).join('; ')}` : '';
      return await fail(`run ${runId} has no usable checkpoint to evaluate (status ${run.status})${why}`);
    }
    const seed = parsed.data.seed ?? dataSeedOf(run.config);
    const data = await prepareInStore(db, { task: task ?? run.config.task, seed }, { redis: childRedis(), prefix: queuePrefix(), load: true });
    if (!data.dataset) throw new Error(`prepared dataset ${data.datasetId} did not load`);
    const r = await evaluateCheckpoint(latest.found.checkpoint, data.dataset, split, { task: task ?? undefined, threads: threadsOf() });
    const won = await db.finishEvaluation(evaluationId, attempt, { status: 'succeeded', metrics: r.metrics, checkpointStep: r.step, preparedDatasetId: data.datasetId });
    if (won) {
      const on = task ? ` of ${data.dataset.describe}` : '';
      await db.addEvent({ runId, attempt: run.attempts, kind: 'evaluated', step: r.step, host, message: `${evaluationId} on the ${split} split${on}: ${formatMetrics(r.metrics)}` });
    }
    return db.getEvaluation(evaluationId);
  } catch (err) {
    const e = err as Error;
    if (e.name === 'UnrecoverableError') throw e;
    if (isUnrecoverable(e)) return fail(e.message);
    throw e;
  }
}
