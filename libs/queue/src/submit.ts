/**
 * Submitting a run: the database row first, then the job (RELIABILITY.md rule 3). If the process
 * dies between the two, the reconciler finds a queued run that Redis does not know and enqueues it.
 */
import { FINAL_STATUSES, type RunConfig } from '@rnnlab/contracts';
import type { RunRow, Store } from '@rnnlab/store';
import type { RunQueue } from './run-queue';
import { runIdFor } from './run-ids';

export interface SubmitOptions {
  /** 0..100, higher runs sooner (default 50) */
  priority?: number;
  experimentId?: string | null;
  /** engine the run asks for (`auto` lets each worker pick its fastest) */
  engine?: 'auto' | 'native' | 'tfjs';
}

export interface Submitted {
  run: RunRow;
  /** false: the same submission was made before, and this is that run */
  created: boolean;
}

export async function submitRun(store: Store, queue: RunQueue, config: RunConfig, opts: SubmitOptions = {}): Promise<Submitted> {
  const id = runIdFor(config, opts.experimentId ?? null);
  const { run, created } = await store.createRun({
    id,
    experimentId: opts.experimentId ?? null,
    config,
    configHash: id,
    engine: opts.engine ?? 'auto',
    priority: opts.priority ?? 50,
  });
  if (created) await store.addEvent({ runId: id,  attempt: 0, kind: 'queued', message: `priority ${opts.priority ?? 50}` });
  // enqueue even when the row existed: a crash between row and job left it queued with no job
  if (!FINAL_STATUSES.includes(run.status)) await queue.enqueue({ runId: id, config }, { priority: opts.priority });
  return { run, created };
}
