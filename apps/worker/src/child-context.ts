/**
 * What every sandboxed processor (train, prepare, evaluate) shares in its child process: one store
 * connection and one Redis connection, opened on first use and reused across the jobs it runs, and
 * the errors BullMQ recognises by name across the process boundary.
 */
import { hostname } from 'node:os';
import { connectRedis, redisUrl } from '@rnnlab/queue';
import { openStore, type Store } from '@rnnlab/store';
import type { Redis } from 'ioredis';

/**
 * A child whose worker died (killed with -9) must not live on: BullMQ keeps idle children for its
 * next jobs, and nothing else would end them (seen: orphans holding 2 GB and a core each). An idle
 * child exits at once; one running a train job exits when that job has checkpointed (the train
 * processor's own handler), one running a prepare or evaluate job at once (the job is retried).
 */
let checkpointingJobs = 0;
process.once('disconnect', () => {
  if (checkpointingJobs === 0) process.exit(1);
});
/** a train job is running here: on disconnect, its processor checkpoints and exits */
export function trainJobRunning(running: boolean): void {
  checkpointingJobs += running ? 1 : -1;
}

let storePromise: Promise<Store> | null = null;
export function childStore(): Promise<Store> {
  storePromise ??= openStore(process.env.DATABASE_URL);
  return storePromise;
}

let redis: Redis | null = null;
/** for leases (preparing a dataset once across the fleet); reconnects forever like the worker's */
export function childRedis(): Redis {
  redis ??= connectRedis(redisUrl(), 'worker');
  return redis;
}

/** the worker's BullMQ key prefix (the worker passes it on) */
export const queuePrefix = () => process.env.RNNLAB_QUEUE_PREFIX ?? 'rnnlab';

export const host = hostname();
export const workerIdOf = () => process.env.RNNLAB_WORKER_ID ?? `${host}:${process.ppid}`;
export const threadsOf = () => (process.env.RNNLAB_THREADS ? Number(process.env.RNNLAB_THREADS) : undefined);

/** An error BullMQ must not retry. */
export function unrecoverable(message: string): Error {
  const e = new Error(message);
  e.name = 'UnrecoverableError';
  return e;
}

/** A payload that does not parse: one line per field. */
export function badPayload(kind: string, issues: readonly { path: PropertyKey[]; message: string }[]): Error {
  return unrecoverable(`bad ${kind} job payload: ${issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}`);
}

/** errors that a retry cannot fix carry `unrecoverable` (DataError, RunInputError, DivergedError, store input errors) */
export const isUnrecoverable = (e: unknown) => Boolean((e as { unrecoverable?: boolean })?.unrecoverable) || (e as Error)?.name === 'UnrecoverableError';
