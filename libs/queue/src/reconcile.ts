/**
 * The database is the source of truth; Redis only hands out work. A run the database says is queued
 * or running but whose job Redis no longer has (Redis restarted without persistence, or a crash
 * between the row and the job) is enqueued again. Running it twice is safe: every write is keyed.
 */
import type { Store } from '@rnnlab/store';
import type { RunQueue } from './run-queue';

export async function reconcile(store: Store, queue: RunQueue): Promise<string[]> {
  const requeued: string[] = [];
  for (const status of ['queued', 'running'] as const) {
    for (const run of await store.listRuns({ status, limit: 10_000, offset: 0 })) {
      if ((await queue.state(run.id)) !== 'unknown') continue;
      await queue.enqueue({ runId: run.id, config: run.config }, { priority: run.priority });
      await store.addEvent({ runId: run.id,  attempt: run.attempts, kind: 'requeued', message: 'Redis had lost its job' });
      requeued.push(run.id);
    }
  }
  return requeued;
}
