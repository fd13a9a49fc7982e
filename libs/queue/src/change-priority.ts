/**
 * Changing a queued run's priority (0..100, higher runs sooner): the database first (only a queued
 * run), then its waiting job in Redis. A job already taken by a worker keeps running; a job Redis has
 * lost gets the new priority when the reconciler enqueues it again from the database.
 */
import type { RunRow, Store } from '@rnnlab/store';
import type { RunQueue } from './run-queue';

export async function changePriority(store: Store, queue: RunQueue, runId: string, priority: number): Promise<RunRow | null> {
  if (!Number.isInteger(priority) || priority < 0 || priority > 100) throw new RangeError(`priority: expected an integer from 0 to 100, got ${String(priority)}`);
  const run = await store.setPriority(runId, priority);
  if (!run) return null;
  await queue.reprioritize(runId, priority);
  return run;
}
