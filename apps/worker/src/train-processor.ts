/**
 * The sandboxed processor of train jobs: BullMQ runs it in a child process per job, so CPU-bound
 * training never blocks the worker's lock renewal. One attempt of one run:
 *   read the run (a final run is not trained again; a cancel request ends it at once) -> record the
 *   attempt -> train from the newest valid checkpoint in the store -> finish the run with a
 *   conditional update that a stale attempt cannot win.
 * An abort from the worker says why: `cancelled` (the run ends cancelled, its checkpoint kept) or
 * `shutdown` (checkpoint, then the job goes back to waiting for another worker, no attempt used).
 */
import { hostname } from 'node:os';
import type { SandboxedJob } from 'bullmq';
import { TrainJobDataSchema, type TrainJobData, type TrainJobResult } from '@rnnlab/contracts';
import { openStore, type Store } from '@rnnlab/store';
import { train } from '@rnnlab/trainer';
import { RunRecorder } from './run-recorder';
import { StoreCheckpoints } from './store-checkpoints';

let storePromise: Promise<Store> | null = null;
/** One store connection per child process, reused across the jobs it runs. */
function store(): Promise<Store> {
  storePromise ??= openStore(process.env.DATABASE_URL);
  return storePromise;
}

/** An error BullMQ must not retry (recognised by name across the process boundary). */
function unrecoverable(message: string): Error {
  const e = new Error(message);
  e.name = 'UnrecoverableError';
  return e;
}

/** Tells BullMQ the job went back to waiting on purpose (recognised by name). */
function released(): Error {
  const e = new Error('released at shutdown: another worker resumes it from its checkpoint');
  e.name = 'WaitingError';
  return e;
}

// BullMQ loads a sandboxed processor as the module's default export.
// eslint-disable-next-line no-restricted-syntax
export default async function processTrainJob(job: SandboxedJob<TrainJobData, TrainJobResult>, token?: string, signal?: AbortSignal): Promise<TrainJobResult> {
  const parsed = TrainJobDataSchema.safeParse(job.data);
  if (!parsed.success) throw unrecoverable(`bad train job payload: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { runId, config } = parsed.data;
  const db = await store();
  const host = hostname();
  const workerId = process.env.RNNLAB_WORKER_ID ?? `${host}:${process.ppid}`;

  const before = await db.getRun(runId);
  if (!before) throw unrecoverable(`run ${runId} is not in the database`);
  if (before.status === 'succeeded' || before.status === 'cancelled' || before.status === 'failed') {
    // an at-least-once duplicate of a finished run: nothing to do
    return { runId, status: before.status === 'cancelled' ? 'cancelled' : 'succeeded', steps: 0, resumedFromStep: before.resumedFromStep };
  }
  if (before.cancelRequested) {
    await db.finishRun(runId, before.attempts, { status: 'cancelled' });
    return { runId, status: 'cancelled', steps: 0, resumedFromStep: before.resumedFromStep };
  }
  // attempts are counted by the database, not BullMQ: a released or stalled job is delivered again
  // with the same attemptsMade, and its events (keyed by attempt) must not collide with the last ones
  const attempt = Math.max(job.attemptsMade + 1, before.attempts + 1);
  const started = await db.startAttempt(runId, { attempt, host, workerId });
  if (!started) return { runId, status: 'succeeded', steps: 0, resumedFromStep: null };

  const recorder = new RunRecorder(db, {
    runId,
    attempt,
    host,
    totalSteps: config.train.steps,
    progress: (p) => job.updateProgress(p),
  });
  const threads = process.env.RNNLAB_THREADS ? Number(process.env.RNNLAB_THREADS) : undefined;
  // the worker's abort (cancel, shutdown), or the worker itself gone (killed with -9): stop after the step
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  // An abort that came before this point (a SIGTERM while the child was starting, opening the store
  // or reading the run) fires no event for a listener added after it: without this check the run
  // trained to its end while the worker waited to shut down, then past its deadline.
  if (signal?.aborted) onAbort();
  const onOrphaned = () => stop.abort('orphaned');
  process.once('disconnect', onOrphaned);
  try {
    const done = await train(config, {
      checkpoints: new StoreCheckpoints(db, runId),
      resume: 'if-present',
      listener: recorder,
      signal: stop.signal,
      threads,
      checkpointEverySeconds: process.env.RNNLAB_CHECKPOINT_SECONDS ? Number(process.env.RNNLAB_CHECKPOINT_SECONDS) : 60,
      engine: before.engine === 'native' || before.engine === 'tfjs' ? before.engine : 'auto',
    });
    await recorder.flush();
    if (done.interrupted) {
      const reason = String(stop.signal.reason ?? '');
      if (reason === 'orphaned') {
        // checkpointed; the job's lock expires and another worker resumes it
        await db.addEvent({ runId: runId,  attempt, kind: 'orphaned', step: done.steps, host, message: 'the worker died; checkpointed and stopped' });
        process.exit(1);
      }
      const latest = await db.getRun(runId);
      if (reason === 'cancelled' || latest?.cancelRequested) {
        await db.finishRun(runId, attempt, { status: 'cancelled', finalMetrics: null });
        await db.addEvent({ runId: runId,  attempt, kind: 'cancelled', step: done.steps, host });
        return { runId, status: 'cancelled', steps: done.steps, resumedFromStep: recorder.resumedFromStep };
      }
      await db.addEvent({ runId: runId,  attempt, kind: 'released', step: done.steps, host, message: 'worker shutting down' });
      await job.moveToWait(token);
      throw released();
    }
    const finalMetrics = { val: done.val, test: done.test, baseline: done.baseline ?? {}, params: done.params, tokensPerS: done.tokens_per_s, elapsedMs: done.elapsedMs, bestStep: done.bestStep, stoppedEarly: done.stoppedEarly };
    const won = await db.finishRun(runId, attempt, { status: 'succeeded', finalMetrics });
    await db.addEvent({ runId: runId,  attempt, kind: won ? 'succeeded' : 'stale-attempt', step: done.steps, host });
    return { runId, status: 'succeeded', steps: done.steps, resumedFromStep: recorder.resumedFromStep };
  } catch (err) {
    const e = err as Error & { unrecoverable?: boolean };
    if (e.name === 'WaitingError') throw e;
    if (e.unrecoverable) {
      // bad config, diverged, cannot fit: a retry fails the same way
      await db.finishRun(runId, attempt, { status: 'failed', failureReason: e.message });
      await db.addEvent({ runId: runId,  attempt, kind: 'failed', host, message: e.message });
      throw unrecoverable(e.message);
    }
    await db.addEvent({ runId: runId,  attempt, kind: 'attempt-failed', host, message: e.message });
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    process.off('disconnect', onOrphaned);
  }
}
