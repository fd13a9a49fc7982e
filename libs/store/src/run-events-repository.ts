/**
 * A run's history: queued, started, checkpoint, stalled, resumed, ... Each event is keyed by
 * (run, attempt, kind, step), so an attempt that runs again and repeats an event adds nothing.
 */
import type { Selectable } from 'kysely';
import type { RunEventsTable } from './schema';
import type { StoreContext } from './store-context';
import { checkId, checkInt, checkOneOf, checkOptionalText } from './validate';

export const RUN_EVENT_KINDS = [
  'queued',
  'started',
  'checkpoint',
  'stalled',
  'resumed',
  'cancel-requested',
  'cancelled',
  'succeeded',
  /** a sweep's trial stopped at a rung by successive halving */
  'stopped-early',
  'failed',
  'refused',
  'requeued',
  'released',
  'orphaned',
  'warning',
  'attempt-failed',
  'stale-attempt',
  /** the prepared dataset the run uses: prepared by this job, or found prepared */
  'dataset',
  /** an evaluation of the finished run */
  'evaluated',
] as const;
export type RunEventKind = (typeof RUN_EVENT_KINDS)[number];

export interface NewRunEvent {
  runId: string;
  /** the job attempt it happened in; 0 before any attempt (queued, cancel of a queued run) */
  attempt: number;
  kind: RunEventKind;
  /** the training step it refers to (a checkpoint's step), if any */
  step?: number | null;
  host?: string | null;
  message?: string | null;
}

export interface RunEvent {
  /** increasing in the order events were stored */
  id: number;
  runId: string;
  attempt: number;
  kind: RunEventKind;
  step: number | null;
  host: string | null;
  message: string | null;
  at: number;
}

export interface RunEventsRepository {
  /** true when stored, false when this (run, attempt, kind, step) was already there */
  addEvent(event: NewRunEvent): Promise<boolean>;
  /** oldest first */
  listEvents(runId: string): Promise<RunEvent[]>;
}

function toEvent(row: Selectable<RunEventsTable>): RunEvent {
  return {
    id: row.id,
    runId: row.run_id,
    attempt: row.attempt,
    kind: row.kind as RunEventKind,
    step: row.step,
    host: row.host,
    message: row.message,
    at: row.at,
  };
}

export function createRunEventsRepository(ctx: StoreContext): RunEventsRepository {
  return {
    async addEvent(e) {
      const fn = 'addEvent';
      const row = {
        run_id: checkId(fn, 'runId', e.runId),
        attempt: checkInt(fn, 'attempt', e.attempt, 0, 1_000_000),
        kind: checkOneOf(fn, 'kind', e.kind, RUN_EVENT_KINDS),
        step: e.step == null ? null : checkInt(fn, 'step', e.step, 0),
        host: checkOptionalText(fn, 'host', e.host, 255),
        message: checkOptionalText(fn, 'message', e.message, 8000),
        at: ctx.now,
      };
      // the conflict target is the expression index run_events_once (step coalesced to -1)
      const r = await ctx.write((w) => w.insertInto('run_events').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst());
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async listEvents(runId) {
      checkId('listEvents', 'runId', runId);
      const rows = await ctx.db.selectFrom('run_events').selectAll().where('run_id', '=', runId).orderBy('id').execute();
      return rows.map(toEvent);
    },
  };
}
