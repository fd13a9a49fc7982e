/**
 * Cancelling a run from any machine: the database records the request (a queued run is cancelled at
 * once and its job removed); a running run's worker hears it on the cancel channel, stops the
 * training after the current step, keeps the last checkpoint and finishes the run as cancelled.
 */
import { CANCEL_CHANNEL } from '@rnnlab/contracts';
import type { RunRow, Store } from '@rnnlab/store';
import type { Redis } from 'ioredis';
import type { RunQueue } from './run-queue';

export async function cancelRun(store: Store, queue: RunQueue, redis: Redis, runId: string): Promise<RunRow | null> {
  const run = await store.requestCancel(runId);
  if (!run) return null;
  if (run.status === 'cancelled') await queue.removeWaiting(runId);
  else if (run.status === 'running') await redis.publish(CANCEL_CHANNEL, runId);
  await store.addEvent({ runId: runId,  attempt: run.attempts, kind: 'cancel-requested' });
  return run;
}
