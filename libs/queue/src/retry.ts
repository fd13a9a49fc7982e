/**
 * `rnnlab retry`: a failed or cancelled run goes back to the queue and resumes from its newest
 * checkpoint. The database changes first (conditionally: only a failed or cancelled run), then the
 * job: its old job, finished in Redis, is replaced by a fresh one with the same id.
 */
import type { RunRow, Store } from '@rnnlab/store';
import type { RunQueue } from './run-queue';

export async function retryRun(store: Store, queue: RunQueue, runId: string): Promise<RunRow | null> {
  const run = await store.requeueRun(runId);
  if (!run) return null;
  await queue.removeFinished(runId);
  await queue.enqueue({ runId, config: run.config }, { priority: run.priority });
  await store.addEvent({ runId, attempt: run.attempts, kind: 'requeued', message: 'retry requested' });
  return run;
}
