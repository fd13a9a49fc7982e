/**
 * Runs: one training job each, keyed by the run id (which is also the queue's job id). Every job
 * may run twice (RELIABILITY.md rule 2), so each transition is one conditional statement:
 * - createRun is idempotent on the id;
 * - startAttempt only touches a run that is not final;
 * - finishRun only wins for the current attempt of a run that is not final, so a stale attempt
 *   cannot win and a final state is never overwritten.
 */
import { FINAL_STATUSES, type CellKind, type RunConfig, type RunFinalMetrics, type RunStatus, type TaskName } from '@rnnlab/contracts';
import { sql, type Selectable } from 'kysely';
import { fromJson, fromJsonOrNull, toJson } from './json-column';
import { checkRunFilter, checkRunSort, RUN_COUNT_FIELDS, whereRuns, type RunCountField, type RunFilter, type RunSort } from './runs-query';
import type { RunsTable } from './schema';
import type { StoreContext } from './store-context';
import { checkId, checkInt, checkOneOf, checkPage, checkText, fail } from './validate';

// the statuses themselves are contracts (RUN_STATUSES, FINAL_STATUSES in @rnnlab/contracts)
export type FinalRunStatus = Exclude<RunStatus, 'queued' | 'running'>;
/** a run in these statuses can still start, finish or be cancelled */
export const ACTIVE_RUN_STATUSES = ['queued', 'running'] as const satisfies readonly RunStatus[];

/** longer failure reasons (a stack trace) are cut here rather than refused: a failure must be recordable */
export const MAX_FAILURE_REASON = 8000;

export interface NewRun {
  id: string;
  experimentId?: string | null;
  /** the parsed config; seed, cell and task are taken from it */
  config: RunConfig;
  /** the producer's hash of `config` (what makes two runs "the same") */
  configHash: string;
  /** the engine asked for: `tfjs`, `native`, `auto` */
  engine: string;
  /** higher runs first; default 0 */
  priority?: number;
  preparedDatasetId?: string | null;
}

export interface RunRow {
  id: string;
  experimentId: string | null;
  config: RunConfig;
  configHash: string;
  seed: number;
  cell: CellKind;
  task: TaskName;
  engine: string;
  priority: number;
  status: RunStatus;
  /** the highest attempt that has started; 0 while never started */
  attempts: number;
  resumedFromStep: number | null;
  host: string | null;
  workerId: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  finalMetrics: RunFinalMetrics | null;
  failureReason: string | null;
  /** set by requestCancel on a running run: its worker stops and finishes it as cancelled */
  cancelRequested: boolean;
  preparedDatasetId: string | null;
}

/** A page of runs: the filters of RunFilter, an order, a page (see runs-query.ts). */
export interface ListRunsQuery extends RunFilter {
  /** default `{ by: 'created', dir: 'desc' }` (newest first); ties are broken by id in the same direction */
  sort?: RunSort;
  /** default 100, at most 1000 */
  limit?: number;
  offset?: number;
}

export interface StartAttempt {
  /** 1 for the first delivery of the job, then 2, 3, ... */
  attempt: number;
  host: string;
  workerId: string;
}

export interface FinishRun {
  status: FinalRunStatus;
  finalMetrics?: RunFinalMetrics | null;
  failureReason?: string | null;
}

export interface RunsRepository {
  /**
   * Insert a queued run, or return the existing row with this id (`created: false`): write the row
   * first, then enqueue, and a repeated submission is harmless.
   */
  createRun(run: NewRun): Promise<{ run: RunRow; created: boolean }>;
  getRun(runId: string): Promise<RunRow | null>;
  /**
   * A page of runs matching the filters, newest first unless `sort` says otherwise.
   * @example
   * // the runs page: GRU and LSTM runs on `copy`, best validation loss first, runs without one last
   * await store.listRuns({ cell: ['gru', 'lstm'], task: 'copy', sort: { by: 'metric', metric: { split: 'val', name: 'loss' }, dir: 'asc' }, limit: 50, offset: 100 })
   */
  listRuns(query?: ListRunsQuery): Promise<RunRow[]>;
  /**
   * How many runs match the filters: the length of the unpaged listRuns. The listRuns query itself
   * may be passed (its sort, limit and offset are ignored), so a page and its total share one object.
   * @example const [rows, total] = await Promise.all([store.listRuns(query), store.countRuns(query)])
   */
  countRuns(filter?: RunFilter): Promise<number>;
  /**
   * How many runs match the filters, per value of `field`; values without runs are absent.
   * The filter on `field` itself applies too: drop it from `filter` for facet counts.
   * @example await store.countRunsBy('status', { experimentId }) // { queued: 3, running: 2, succeeded: 40 }
   */
  countRunsBy(field: RunCountField, filter?: RunFilter): Promise<Record<string, number>>;
  /**
   * Mark `attempt` as started: status running, attempts = max(attempts, attempt), started_at on the
   * first start only. Host and worker move only for an attempt at least as new as the recorded one.
   * Returns the row, or null when the run is final (or unknown): the worker then does nothing.
   */
  startAttempt(runId: string, attempt: StartAttempt): Promise<RunRow | null>;
  /** record the checkpoint step this attempt resumed from; false when the run is final or unknown */
  setResumedFromStep(runId: string, step: number): Promise<boolean>;
  /** link the prepared dataset the run trains on; false when the run is final or unknown */
  setPreparedDataset(runId: string, datasetId: string): Promise<boolean>;
  /**
   * Finish the run as `status` if it is still queued/running AND `attempt` is its current attempt.
   * True when this call won; false for a stale attempt or a run that is already final.
   * @example if (!(await store.finishRun(id, job.attemptsMade + 1, { status: 'succeeded', finalMetrics }))) log('superseded')
   */
  finishRun(runId: string, attempt: number, result: FinishRun): Promise<boolean>;
  /**
   * A running attempt hands the run back without finishing it (its worker could not hold it, or
   * is shutting down): running -> queued, only for the current attempt. False otherwise.
   */
  releaseAttempt(runId: string, attempt: number): Promise<boolean>;
  /**
   * A queued run becomes cancelled at once; a running one gets cancelRequested (its worker stops at
   * the next step and finishes it as cancelled); a final run is left as it is.
   * Returns the row after the call, or null for an unknown run.
   */
  requestCancel(runId: string): Promise<RunRow | null>;
  /**
   * `rnnlab retry`: a failed or cancelled run goes back to queued (its checkpoints and metrics kept,
   * so it resumes); null when the run is unknown or not failed/cancelled. Conditional, like every
   * status change.
   */
  /** a queued run's priority (0..100 in the queue's terms); null when the run is not queued */
  setPriority(runId: string, priority: number): Promise<RunRow | null>;
  requeueRun(runId: string): Promise<RunRow | null>;
  /** delete the run with its events, metrics, diagnostics, samples and checkpoints; false when unknown */
  deleteRun(runId: string): Promise<boolean>;
}

function toRun(row: Selectable<RunsTable>): RunRow {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    config: fromJson<RunConfig>(row.config),
    configHash: row.config_hash,
    seed: row.seed,
    cell: row.cell as CellKind,
    task: row.task as TaskName,
    engine: row.engine,
    priority: row.priority,
    status: row.status as RunStatus,
    attempts: row.attempts,
    resumedFromStep: row.resumed_from_step,
    host: row.host,
    workerId: row.worker_id,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    finalMetrics: fromJsonOrNull<RunFinalMetrics>(row.final_metrics),
    failureReason: row.failure_reason,
    cancelRequested: row.cancel_requested === 1,
    preparedDatasetId: row.prepared_dataset_id,
  };
}

const ACTIVE = [...ACTIVE_RUN_STATUSES];

export function createRunsRepository(ctx: StoreContext): RunsRepository {
  const { db } = ctx;
  const get = async (runId: string) => {
    const row = await db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
    return row ? toRun(row) : null;
  };

  return {
    async createRun(r) {
      const fn = 'createRun';
      const config = r.config;
      if (typeof config !== 'object' || config === null || typeof config.task !== 'object' || typeof config.model !== 'object') {
        fail(fn, 'config', 'to be a parsed RunConfig (with task and model)', config);
      }
      const row = {
        id: checkId(fn, 'id', r.id),
        experiment_id: r.experimentId == null ? null : checkId(fn, 'experimentId', r.experimentId),
        config: toJson(fn, 'config', config),
        config_hash: checkText(fn, 'configHash', r.configHash, 128),
        seed: checkInt(fn, 'config.seed', config.seed, 0),
        cell: checkText(fn, 'config.model.cell', config.model.cell, 32),
        task: checkText(fn, 'config.task.name', config.task.name, 64),
        engine: checkText(fn, 'engine', r.engine, 32),
        priority: r.priority === undefined ? 0 : checkInt(fn, 'priority', r.priority, -1_000_000, 1_000_000),
        status: 'queued',
        attempts: 0,
        created_at: ctx.now,
        cancel_requested: 0,
        prepared_dataset_id: r.preparedDatasetId == null ? null : checkText(fn, 'preparedDatasetId', r.preparedDatasetId, 128),
      };
      const inserted = await ctx.write((w) =>
        w.insertInto('runs').values(row).onConflict((oc) => oc.column('id').doNothing()).returningAll().executeTakeFirst(),
      );
      if (inserted) return { run: toRun(inserted), created: true };
      const existing = await get(row.id);
      // only a concurrent delete could get here; report it as the missing row it is
      if (!existing) fail(fn, 'id', 'to name a run that exists after the insert', row.id);
      return { run: existing, created: false };
    },

    async getRun(runId) {
      return get(checkId('getRun', 'runId', runId));
    },

    async listRuns(query = {}) {
      const fn = 'listRuns';
      const filter = checkRunFilter(fn, query);
      const { limit, offset } = checkPage(fn, query);
      const { key, dir, nullable } = checkRunSort(fn, query.sort, ctx.dialect);
      if (filter.empty) return [];
      const rows = await db
        .selectFrom('runs')
        .selectAll()
        .where(whereRuns(filter))
        // NULLS LAST only where a key can be null: on a NOT NULL column it would keep an index from giving the order
        .orderBy(key, (ob) => (nullable ? ob[dir]().nullsLast() : ob[dir]()))
        .orderBy('id', dir)
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toRun);
    },

    async countRuns(query) {
      const filter = checkRunFilter('countRuns', query);
      if (filter.empty) return 0;
      const row = await db
        .selectFrom('runs')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(whereRuns(filter))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async countRunsBy(field, query) {
      const fn = 'countRunsBy';
      const column = checkOneOf(fn, 'field', field, RUN_COUNT_FIELDS);
      const filter = checkRunFilter(fn, query);
      if (filter.empty) return {};
      const rows = await db
        .selectFrom('runs')
        .select((eb) => [eb.ref(column).as('value'), eb.fn.countAll<number | string>().as('n')])
        .where(whereRuns(filter))
        .groupBy(column)
        .orderBy(column)
        .execute();
      // fromEntries defines own properties, whatever a stored value is (even `__proto__`)
      return Object.fromEntries(rows.map((r) => [r.value, Number(r.n)]));
    },

    async startAttempt(runId, a) {
      const fn = 'startAttempt';
      checkId(fn, 'runId', runId);
      const attempt = checkInt(fn, 'attempt', a.attempt, 1, 1_000_000);
      const host = checkText(fn, 'host', a.host, 255);
      const workerId = checkText(fn, 'workerId', a.workerId, 255);
      const row = await ctx.write((w) =>
        w
          .updateTable('runs')
          // every right-hand side sees the row as it was before this update
          .set({
            status: 'running',
            attempts: sql<number>`case when attempts > ${attempt} then attempts else ${attempt} end`,
            host: sql<string>`case when attempts > ${attempt} then host else ${host} end`,
            worker_id: sql<string>`case when attempts > ${attempt} then worker_id else ${workerId} end`,
            started_at: sql<number>`coalesce(started_at, ${ctx.now})`,
          })
          .where('id', '=', runId)
          .where('status', 'in', ACTIVE)
          .returningAll()
          .executeTakeFirst(),
      );
      return row ? toRun(row) : null;
    },

    async setResumedFromStep(runId, step) {
      const fn = 'setResumedFromStep';
      checkId(fn, 'runId', runId);
      checkInt(fn, 'step', step, 0);
      const r = await ctx.write((w) =>
        w.updateTable('runs').set({ resumed_from_step: step }).where('id', '=', runId).where('status', 'in', ACTIVE).executeTakeFirst(),
      );
      return Number(r.numUpdatedRows) === 1;
    },

    async setPreparedDataset(runId, datasetId) {
      const fn = 'setPreparedDataset';
      checkId(fn, 'runId', runId);
      checkText(fn, 'datasetId', datasetId, 128);
      const r = await ctx.write((w) =>
        w.updateTable('runs').set({ prepared_dataset_id: datasetId }).where('id', '=', runId).where('status', 'in', ACTIVE).executeTakeFirst(),
      );
      return Number(r.numUpdatedRows) === 1;
    },

    async finishRun(runId, attempt, result) {
      const fn = 'finishRun';
      checkId(fn, 'runId', runId);
      checkInt(fn, 'attempt', attempt, 0, 1_000_000);
      const status = checkOneOf(fn, 'result.status', result.status, FINAL_STATUSES) as FinalRunStatus;
      const finalMetrics = result.finalMetrics == null ? null : toJson(fn, 'result.finalMetrics', result.finalMetrics);
      let reason: string | null = null;
      if (result.failureReason != null) {
        if (typeof result.failureReason !== 'string') fail(fn, 'result.failureReason', 'to be a string', result.failureReason);
        // PostgreSQL text cannot hold NUL
        const clean = result.failureReason.replaceAll('\0', '');
        reason = clean.length > MAX_FAILURE_REASON ? `${clean.slice(0, MAX_FAILURE_REASON - 1)}…` : clean;
      }
      const r = await ctx.write((w) =>
        w
          .updateTable('runs')
          .set({ status, finished_at: ctx.now, final_metrics: finalMetrics, failure_reason: reason })
          .where('id', '=', runId)
          .where('status', 'in', ACTIVE)
          .where('attempts', '=', attempt)
          .executeTakeFirst(),
      );
      return Number(r.numUpdatedRows) === 1;
    },

    async releaseAttempt(runId, attempt) {
      const fn = 'releaseAttempt';
      checkId(fn, 'runId', runId);
      checkInt(fn, 'attempt', attempt, 1, 1_000_000);
      const r = await ctx.write((w) =>
        w.updateTable('runs').set({ status: 'queued' }).where('id', '=', runId).where('status', '=', 'running').where('attempts', '=', attempt).executeTakeFirst(),
      );
      return Number(r.numUpdatedRows) === 1;
    },

    async setPriority(runId, priority) {
      checkId('setPriority', 'runId', runId);
      checkInt('setPriority', 'priority', priority, -1_000_000, 1_000_000);
      const row = await ctx.write((w) => w.updateTable('runs').set({ priority }).where('id', '=', runId).where('status', '=', 'queued').returningAll().executeTakeFirst());
      return row ? toRun(row) : null;
    },

    async requeueRun(runId) {
      checkId('requeueRun', 'runId', runId);
      const row = await ctx.write((w) =>
        w
          .updateTable('runs')
          .set({ status: 'queued', cancel_requested: 0, finished_at: null, failure_reason: null, final_metrics: null })
          .where('id', '=', runId)
          .where('status', 'in', ['failed', 'cancelled'])
          .returningAll()
          .executeTakeFirst(),
      );
      return row ? toRun(row) : null;
    },

    async requestCancel(runId) {
      checkId('requestCancel', 'runId', runId);
      const row = await ctx.transaction(async (trx) => {
        const cancelled = await trx
          .updateTable('runs')
          .set({ status: 'cancelled', cancel_requested: 1, finished_at: ctx.now })
          .where('id', '=', runId)
          .where('status', '=', 'queued')
          .returningAll()
          .executeTakeFirst();
        if (cancelled) return cancelled;
        // not queued (any more): a running run is asked to stop; a final one is left alone
        const asked = await trx
          .updateTable('runs')
          .set({ cancel_requested: 1 })
          .where('id', '=', runId)
          .where('status', '=', 'running')
          .returningAll()
          .executeTakeFirst();
        return asked ?? (await trx.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst());
      });
      return row ? toRun(row) : null;
    },

    async deleteRun(runId) {
      checkId('deleteRun', 'runId', runId);
      // ON DELETE CASCADE removes the run's rows in every other table
      const r = await ctx.write((w) => w.deleteFrom('runs').where('id', '=', runId).executeTakeFirst());
      return Number(r.numDeletedRows) === 1;
    },
  };
}
