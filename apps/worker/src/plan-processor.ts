/**
 * The sandboxed processor of plan jobs: a run, a comparison or a battery asked for through the queue
 * (by the dashboard, which may not load the models or the trainer) is planned by @rnnlab/planner, as
 * `rnnlab submit` / `rnnlab compare` plan it, and submitted as they submit it. A request that the
 * planner refuses is answered with its field errors, a result and not a failure, so nothing retries
 * it. Running twice is harmless: submitting is idempotent (the second answer says `created: false`).
 */
import type { SandboxedJob } from 'bullmq';
import { PlanJobDataSchema, PlanJobResultSchema, type PlanJobDataInput, type PlanJobResult } from '@rnnlab/contracts';
import { fieldErrorsOf, planRequest, storeUploads, type Planned } from '@rnnlab/planner';
import { RunQueue, submitExperiment, submitRun } from '@rnnlab/queue';
import { badPayload, childRedis, childStore, isUnrecoverable, queuePrefix, unrecoverable } from './child-context';

let queue: RunQueue | null = null;
/** the queues the plan's jobs go to, on the child's Redis connection (kept for the child's next jobs) */
const childQueue = () => (queue ??= new RunQueue(childRedis(), { prefix: queuePrefix() }));

// BullMQ loads a sandboxed processor as the module's default export.
// eslint-disable-next-line no-restricted-syntax
export default async function processPlanJob(job: SandboxedJob<PlanJobDataInput>): Promise<PlanJobResult> {
  const payload = PlanJobDataSchema.safeParse(job.data);
  // an envelope that is not `{ request }` is a producer's bug; the request's own faults are answered by field
  if (!payload.success && payload.error.issues.some((i) => i.path[0] !== 'request')) throw badPayload('plan', payload.error.issues);
  let planned: Awaited<ReturnType<typeof planRequest>>;
  try {
    // from the request as given: the fields present in its run config are the ones the user set
    // uploads are read from the store: a comparison on one prepares its dataset while planning
    planned = await planRequest((job.data as { request?: unknown }).request, { uploads: storeUploads(await childStore()) });
  } catch (e) {
    if (isUnrecoverable(e)) throw unrecoverable((e as Error).message);
    throw e;
  }
  if (!planned.ok) return PlanJobResultSchema.parse({ ok: false, errors: fieldErrorsOf(planned.issues) });
  return PlanJobResultSchema.parse(await submit(planned.plan));
}

async function submit(p: Planned): Promise<PlanJobResult> {
  const db = await childStore();
  if (p.kind === 'run') {
    const { run, created } = await submitRun(db, childQueue(), p.config, p.options);
    return { ok: true, experimentId: null, runIds: [run.id], created, name: p.name };
  }
  const { experiment, created, runIds } = await submitExperiment(db, childQueue(), p.submission);
  return { ok: true, experimentId: experiment.id, runIds, created, name: p.name };
}
