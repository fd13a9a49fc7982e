/**
 * The sandboxed processor of train jobs: BullMQ runs it in a child process per job, so CPU-bound
 * training never blocks the worker's lock renewal. One attempt of one run:
 *   read the run (a final run is not trained again; a cancel request ends it at once) -> record the
 *   attempt -> train from the newest valid checkpoint in the store -> finish the run with a
 *   conditional update that a stale attempt cannot win.
 * An abort from the worker says why: `cancelled` (the run ends cancelled, its checkpoint kept) or
 * `shutdown` (checkpoint, then the job goes back to waiting for another worker, no attempt used).
 */
import type { SandboxedJob } from 'bullmq';
import { AshaSchema, dataSeedOf, FINAL_STATUSES, MAX_RUN_REFUSALS, TrainJobDataSchema, type Asha, type TrainJobData, type TrainJobResult } from '@rnnlab/contracts';
import { ashaDecision } from '@rnnlab/experiments';
import type { Store } from '@rnnlab/store';
import { train, type TrainOptions } from '@rnnlab/trainer';
import { badPayload, childRedis, childStore, host, queuePrefix, threadsOf, trainJobRunning, unrecoverable, workerIdOf } from './child-context';
import { storeModelExport } from './model-export';
import { RunRecorder } from './run-recorder';
import { StoreCheckpoints } from './store-checkpoints';
import { loadStoredDataset, prepareInStore } from './stored-datasets';

/** Tells BullMQ the job went back to waiting on purpose (recognised by name). */
function released(): Error {
  const e = new Error('released at shutdown: another worker resumes it from its checkpoint');
  e.name = 'WaitingError';
  return e;
}

/** Tells BullMQ the job was moved to delayed on purpose (recognised by name). */
function delayed(message: string): Error {
  const e = new Error(message);
  e.name = 'DelayedError';
  return e;
}

/** A refused run waits this long before a worker takes it again, so that others get it first. */
const REFUSED_DELAY_MS = Number(process.env.RNNLAB_REFUSED_DELAY_MS ?? 5000);
/** a worker whose heartbeat (every 5 s) is older than this is gone */
const LIVE_WORKER_MS = 20_000;

/** The run's dataset: the one its prepare job stored, else found or prepared here (a run enqueued without its flow). */
async function datasetOf(db: Store, runId: string, preparedId: string | null, spec: { task: TrainJobData['config']['task']; seed: number }, attempt: number) {
  if (preparedId) return loadStoredDataset(db, preparedId);
  const r = await prepareInStore(db, spec, { redis: childRedis(), prefix: queuePrefix(), load: true });
  await db.setPreparedDataset(runId, r.datasetId);
  await db.addEvent({ runId, attempt, kind: 'dataset', host, message: r.created ? `prepared and stored as ${r.datasetId.slice(0, 12)}` : `found prepared as ${r.datasetId.slice(0, 12)}` });
  if (!r.dataset) throw new Error(`prepared dataset ${r.datasetId} did not load`);
  return r.dataset;
}

/** the successive-halving settings of the run's sweep, when it is a trial of one */
async function ashaOf(db: Store, experimentId: string | null): Promise<Asha | null> {
  if (!experimentId) return null;
  const experiment = await db.getExperiment(experimentId);
  if (experiment?.kind !== 'sweep') return null;
  const parsed = AshaSchema.nullable().safeParse(experiment.spec.asha ?? null);
  if (!parsed.success) throw unrecoverable(`sweep ${experimentId}: its successive-halving settings are unreadable`);
  return parsed.data;
}

/** each rung's decision, taken once per trial in the store over the trials that reached it before */
function rungsFor(db: Store, experimentId: string, runId: string, asha: Asha): NonNullable<TrainOptions['rungs']> {
  return {
    steps: asha.rungs,
    decide: async (step, value) => (await db.recordRung({ experimentId, step, runId, value, decide: (earlier) => ashaDecision(value, earlier, asha.eta) })).decision,
  };
}

// BullMQ loads a sandboxed processor as the module's default export.
// eslint-disable-next-line no-restricted-syntax
export default async function processTrainJob(job: SandboxedJob<TrainJobData, TrainJobResult>, token?: string, signal?: AbortSignal): Promise<TrainJobResult> {
  const parsed = TrainJobDataSchema.safeParse(job.data);
  if (!parsed.success) throw badPayload('train', parsed.error.issues);
  const { runId, config } = parsed.data;
  const db = await childStore();
  const workerId = workerIdOf();

  const before = await db.getRun(runId);
  if (!before) throw unrecoverable(`run ${runId} is not in the database`);
  if (FINAL_STATUSES.includes(before.status)) {
    // an at-least-once duplicate of a finished run: nothing to do but store its model if the
    // attempt that finished it ended before it could (exported once: a stored model is kept)
    const status = before.status === 'cancelled' || before.status === 'stopped-early' ? before.status : 'succeeded';
    if ((before.status === 'succeeded' || before.status === 'stopped-early') && before.finalMetrics) {
      await storeModelExport(db, { runId, attempt: before.attempts, host, step: null, bestStep: before.finalMetrics.bestStep });
    }
    return { runId, status, steps: 0, resumedFromStep: before.resumedFromStep };
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
    // live progress is best-effort: a worker that died (the channel closed) must not fail the
    // attempt before it has checkpointed; the metrics go to the store either way
    progress: async (p) => {
      if (process.connected) await job.updateProgress(p).catch(() => undefined);
    },
  });
  const threads = threadsOf();
  const maxMemoryBytes = process.env.RNNLAB_MAX_MEMORY ? Number(process.env.RNNLAB_MAX_MEMORY) : undefined;
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
  trainJobRunning(true);
  try {
    const dataset = await datasetOf(db, runId, started.preparedDatasetId, { task: config.task, seed: dataSeedOf(config) }, attempt);
    const asha = await ashaOf(db, before.experimentId);
    const rungs = asha && before.experimentId ? rungsFor(db, before.experimentId, runId, asha) : undefined;
    const done = await train(config, {
      rungs,
      dataset,
      maxMemoryBytes,
      maxMemorySource: maxMemoryBytes === undefined ? undefined : 'rnnlab worker --max-memory',
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
    // stopped by successive halving: the decision is the sweep's record (also when this attempt resumed after it)
    const rungStop = asha && done.stoppedEarly && before.experimentId ? (await db.listRungs(before.experimentId)).find((r) => r.runId === runId && r.decision === 'stop') : undefined;
    const status = rungStop ? 'stopped-early' : 'succeeded';
    const won = await db.finishRun(runId, attempt, { status, finalMetrics });
    const message = rungStop ? `at rung ${rungStop.step}: not in the top 1/${asha?.eta} of the trials that reached it` : undefined;
    await db.addEvent({ runId: runId,  attempt, kind: won ? status : 'stale-attempt', step: done.steps, host, message });
    // the trained model for download; best effort, never fails the run
    if (won) await storeModelExport(db, { runId, attempt, host, step: done.steps, bestStep: done.bestStep });
    return { runId, status, steps: done.steps, resumedFromStep: recorder.resumedFromStep };
  } catch (err) {
    const e = err as Error & { unrecoverable?: boolean; local?: boolean };
    if (e.name === 'WaitingError' || e.name === 'DelayedError') throw e;
    if (e.local) {
      // this machine cannot hold it (memory): say so in its timeline and leave it to the others;
      // when every live worker has refused it (or it went round too often), none can: it fails
      await db.addEvent({ runId, attempt, kind: 'refused', host, message: `${workerId} cannot hold it: ${e.message}` });
      const refusals = (await db.listEvents(runId)).filter((ev) => ev.kind === 'refused');
      const refusedBy = new Set(refusals.map((ev) => (ev.message ?? '').split(' ')[0]));
      const now = Date.now();
      const others = (await db.listWorkers()).filter((w) => now - w.heartbeatAt < LIVE_WORKER_MS && !refusedBy.has(w.id));
      if (others.length === 0 || refusals.length >= MAX_RUN_REFUSALS) {
        const who = others.length === 0 ? `every live worker (${[...refusedBy].join(', ')})` : `workers ${refusals.length} times`;
        const reason = `no worker can hold it: refused by ${who}; the last said: ${e.message}`;
        await db.finishRun(runId, attempt, { status: 'failed', failureReason: reason });
        await db.addEvent({ runId, attempt, kind: 'failed', host, message: reason });
        throw unrecoverable(reason);
      }
      await db.releaseAttempt(runId, attempt);
      await job.moveToDelayed(Date.now() + REFUSED_DELAY_MS, token);
      throw delayed(`refused by ${workerId}: left to other workers`);
    }
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
    trainJobRunning(false);
    // orphaned meanwhile (the checkpoint failed, or the job ended as the worker died): go
    if (!process.connected) process.exit(1);
  }
}
