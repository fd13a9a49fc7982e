/**
 * The database is the source of truth; Redis only hands out work. A run the database says is queued
 * or running but whose job Redis no longer has (Redis restarted without persistence, or a crash
 * between the row and the job) is enqueued again. Running it twice is safe: every write is keyed.
 * A queued run younger than the grace period is left alone: its submitter writes the row first and
 * adds the job a moment later, and a round in between would re-enqueue it, with a "Redis had lost
 * its job" in its timeline that never happened.
 */
import type { Store } from '@rnnlab/store';
import type { RunQueue } from './run-queue';

/** listRuns' largest page (the store refuses more) */
const PAGE = 1000;

/** how long a submitter may take between a run's row and its job */
export const RECONCILE_GRACE_MS = 5000;

export interface ReconcileOptions {
  /** queued runs created less than this long ago are not checked (default RECONCILE_GRACE_MS) */
  graceMs?: number;
  /** the clock (ms since the epoch), for tests */
  now?: number;
}

export async function reconcile(store: Store, queue: RunQueue, opts: ReconcileOptions = {}): Promise<string[]> {
  const requeued: string[] = [];
  const youngerThan = (opts.now ?? Date.now()) - (opts.graceMs ?? RECONCILE_GRACE_MS);
  for (const status of ['queued', 'running'] as const) {
    // Paged: one listRuns({ limit: 10_000 }) was refused by the store (at most 1000 a page), and the
    // workers' `.catch(() => undefined)` hid it, so no run Redis had lost was ever re-enqueued.
    // Re-enqueueing does not change a run's status, so the offsets stay valid; a run that changes
    // status meanwhile is seen (or not) by the next round.
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.listRuns({ status, limit: PAGE, offset });
      for (const run of page) {
        if (status === 'queued' && run.createdAt > youngerThan) continue;
        if ((await queue.state(run.id)) !== 'unknown') continue;
        await queue.enqueue({ runId: run.id, config: run.config }, { priority: run.priority });
        await store.addEvent({ runId: run.id, attempt: run.attempts, kind: 'requeued', message: 'Redis had lost its job' });
        requeued.push(run.id);
      }
      if (page.length < PAGE) break;
    }
  }
  // an experiment whose report is not written and whose report job Redis lost: its report job
  // again, alone (it waits for its runs by itself)
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.listExperiments({ limit: PAGE, offset });
    for (const x of page) {
      if (x.kind !== 'compare' || (await queue.reportState(x.id)) !== 'unknown' || (await store.getExperimentReport(x.id))) continue;
      await queue.enqueueReport(x.id);
      requeued.push(x.id);
    }
    if (page.length < PAGE) break;
  }
  return requeued;
}
