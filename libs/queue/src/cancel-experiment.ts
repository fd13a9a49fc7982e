/**
 * Cancelling an experiment as a whole: every run of it that is not final is cancelled (queued ones
 * at once, running ones after their current step, checkpoints kept). Its report job then runs on
 * what finished; a run cancelled while queued leaves the report's flow, so the report is enqueued
 * again by itself if it would otherwise wait for children that are gone.
 */
import { FINAL_STATUSES } from '@rnnlab/contracts';
import type { RunRow, Store } from '@rnnlab/store';
import type { Redis } from 'ioredis';
import { cancelRun } from './cancel';
import type { RunQueue } from './run-queue';

export interface CancelledExperiment {
  /** runs cancelled at once (they were queued) */
  cancelled: RunRow[];
  /** runs asked to stop (they were running) */
  stopping: RunRow[];
  /** runs already final, left as they were */
  final: RunRow[];
}

export async function cancelExperiment(store: Store, queue: RunQueue, redis: Redis, experimentId: string): Promise<CancelledExperiment> {
  const runs = await store.listRuns({ experimentId, limit: 1000 });
  const out: CancelledExperiment = { cancelled: [], stopping: [], final: [] };
  for (const r of runs) {
    if (FINAL_STATUSES.includes(r.status)) {
      out.final.push(r);
      continue;
    }
    const after = (await cancelRun(store, queue, redis, r.id)) ?? r;
    (after.status === 'running' ? out.stopping : FINAL_STATUSES.includes(after.status) ? out.cancelled : out.final).push(after);
  }
  if (!(await store.getExperimentReport(experimentId))) await queue.enqueueReport(experimentId);
  return out;
}
