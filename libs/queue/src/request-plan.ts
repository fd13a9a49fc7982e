/**
 * Asking the fleet to plan and submit a run, a comparison or a battery, for producers that cannot
 * plan themselves (the dashboard may not load the models, the datasets or the trainer): a plan job
 * on the plan queue, whose worker checks the request as `rnnlab submit` / `rnnlab compare` do,
 * submits it and returns the ids, or the field errors.
 *
 * The job id is a hash of the request, so the same request twice while its job lives is one job
 * (a double click waits for the same answer). A finished job is replaced by the next identical
 * request, which is planned again: harmless, since submitting is idempotent (the same experiment and
 * runs; `created` false). Nothing in the database records a plan job, so the reconciler does not
 * replay one Redis lost: its caller times out and may ask again.
 */
import { QueueEvents, type Job } from 'bullmq';
import { PlanJobResultSchema, PlanRequestSchema, planRequestErrors, QUEUES, type PlanJobDataInput, type PlanJobResult, type PlanRequestInput } from '@rnnlab/contracts';
import { PlanTimeoutError } from './errors/plan-timeout-error';
import { planJobIdFor } from './run-ids';
import { SHORT_JOB_ATTEMPTS, type RunQueue } from './run-queue';

export interface RequestPlanOptions {
  /** how long to wait for a worker's answer (default 60 s; a comparison prepares its dataset first) */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** a finished plan job is kept briefly (an identical request meanwhile reads its answer), a failed one longer (to be seen) */
const KEEP = { removeOnComplete: { age: 60 }, removeOnFail: { age: 3600 } } as const;

/**
 * Plan and submit `request` on a worker, and return what it answered: the experiment id (null for a
 * single run) and run ids, or the field errors (a request that does not parse is answered here,
 * without a job). Throws PlanTimeoutError when no worker answered within `timeoutMs`, and an Error
 * when the plan job failed (the store down, past its retries).
 *
 * @example
 * const r = await requestPlan(queue, { kind: 'compare', base: { task: { name: 'adding' } }, cells: ['rnn', 'gru'], seeds: 3, match: 'params' });
 * if (!r.ok) return { errors: Object.fromEntries(r.errors.map((e) => [e.path, e.message])) };
 * redirect(`/experiments/${r.experimentId}`);
 */
export async function requestPlan(queue: RunQueue, request: PlanRequestInput, opts: RequestPlanOptions = {}): Promise<PlanJobResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new Error(`expected timeoutMs to be a positive number of milliseconds in requestPlan(), got ${timeoutMs}`);
  const parsed = PlanRequestSchema.safeParse(request, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: planRequestErrors(parsed.error, request) };
  // as it will be read back from Redis (JSON), so that the hash is over what the worker sees
  const given = JSON.parse(JSON.stringify(request)) as unknown;
  // The request goes as it was given, not as parsed: the fields present in its run config are the
  // ones the user set, which the worker's applicability check needs (defaults would hide them).
  const data: PlanJobDataInput = { request: given as PlanRequestInput };
  const jobId = planJobIdFor(given);

  // QueueEvents blocks on its connection: a copy of the queue's that never gives up a command (BullMQ
  // refuses a blocking connection with maxRetriesPerRequest); BullMQ duplicates it again and owns that one
  const blocking = queue.connection.duplicate({ maxRetriesPerRequest: null, lazyConnect: true });
  const events = new QueueEvents(QUEUES.plan, { connection: blocking, prefix: queue.prefix });
  // a lost connection means no answer can come: the timeout says why
  let lost: Error | null = null;
  events.on('error', (e: Error) => {
    lost = e;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    // listening before the job exists, so that its answer cannot come before we wait for it
    await events.waitUntilReady();
    const job = await addPlanJob(queue, jobId, data);
    const finished = job.waitUntilFinished(events);
    // after a timeout nobody waits for it any more
    finished.catch(() => undefined);
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    });
    let answer: unknown;
    try {
      answer = await Promise.race([finished, timeout]);
    } catch (e) {
      throw new Error(`the plan job ${jobId} failed: ${(e as Error).message}`);
    }
    if (answer === TIMED_OUT) throw await timedOut(job, timeoutMs, lost);
    const result = PlanJobResultSchema.safeParse(answer);
    if (!result.success) {
      throw new Error(`the plan job ${jobId} answered what this version cannot read: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    return result.data;
  } finally {
    clearTimeout(timer);
    await events.close().catch(() => undefined);
    blocking.disconnect();
  }
}

const TIMED_OUT = Symbol('timed out');

/** the plan job of this request: the live one, or a new one in place of a finished one */
async function addPlanJob(queue: RunQueue, jobId: string, data: PlanJobDataInput): Promise<Job<PlanJobDataInput, PlanJobResult>> {
  const existing = await queue.planQueue.getJob(jobId);
  if (existing && ['completed', 'failed'].includes(await existing.getState())) await existing.remove().catch(() => undefined);
  return queue.planQueue.add('plan', data, { jobId, attempts: SHORT_JOB_ATTEMPTS, backoff: { type: 'exponential', delay: 500 }, ...KEEP });
}

/** why nothing came back; a job no worker took is removed, so that nothing is submitted after the caller gave up */
async function timedOut(job: Job<PlanJobDataInput, PlanJobResult>, timeoutMs: number, lost: Error | null): Promise<PlanTimeoutError> {
  const s = Math.round(timeoutMs / 100) / 10;
  const listening = lost ? ` (listening for the answer failed: ${lost.message})` : '';
  const state = await job.getState().catch(() => 'unknown');
  if (state === 'active') {
    return new PlanTimeoutError(`a worker took the plan request but did not answer within ${s} s${listening}; it may still submit it (the same request again gives the same experiment)`, job.id as string);
  }
  await job.remove().catch(() => undefined);
  return new PlanTimeoutError(`no worker answered the plan request within ${s} s (is a worker running that takes plan jobs? see rnnlab fleet)${listening}`, job.id as string);
}
