/**
 * Evaluations: a finished run's model scored on a split of its data, or on another dataset of the
 * same kind. Like runs, every transition is one conditional statement, so an evaluate job that runs
 * twice cannot duplicate or regress its row:
 * - createEvaluation is idempotent on the (content-addressed) id; a failed one asked for again is queued again;
 * - startEvaluation counts the attempt and only touches an evaluation that is not final;
 * - finishEvaluation only wins for the current attempt of an evaluation that is not final.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import { sql, type Selectable } from 'kysely';
import { fromJsonOrNull, toJson } from './json-column';
import { MAX_FAILURE_REASON } from './runs-repository';
import type { EvaluationsTable } from './schema';
import type { StoreContext } from './store-context';
import { checkId, checkInt, checkOneOf, checkText, fail } from './validate';

export const EVALUATION_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const EVALUATION_SPLITS = ['train', 'val', 'test'] as const;
export type EvaluationSplit = (typeof EVALUATION_SPLITS)[number];

export interface NewEvaluation {
  id: string;
  runId: string;
  split: EvaluationSplit;
  /** the task to score on; null: the run's own */
  task: TaskConfig | null;
}

export interface Evaluation {
  id: string;
  runId: string;
  split: EvaluationSplit;
  task: TaskConfig | null;
  status: EvaluationStatus;
  attempts: number;
  /** the training step of the weights it scored */
  checkpointStep: number | null;
  metrics: Record<string, number> | null;
  failureReason: string | null;
  preparedDatasetId: string | null;
  createdAt: number;
  finishedAt: number | null;
}

export interface FinishEvaluation {
  status: 'succeeded' | 'failed';
  metrics?: Record<string, number> | null;
  checkpointStep?: number | null;
  preparedDatasetId?: string | null;
  failureReason?: string | null;
}

export interface EvaluationsRepository {
  /** insert a queued evaluation, or return the one with this id; a failed one goes back to queued */
  createEvaluation(e: NewEvaluation): Promise<{ evaluation: Evaluation; created: boolean }>;
  getEvaluation(id: string): Promise<Evaluation | null>;
  /** a run's evaluations, oldest first */
  listEvaluations(runId: string): Promise<Evaluation[]>;
  /** running, attempts + 1; null when it is final or unknown (the job then does nothing) */
  startEvaluation(id: string): Promise<Evaluation | null>;
  /** true when this call won: the evaluation was not final and `attempt` is its current attempt */
  finishEvaluation(id: string, attempt: number, result: FinishEvaluation): Promise<boolean>;
}

function toEvaluation(row: Selectable<EvaluationsTable>): Evaluation {
  return {
    id: row.id,
    runId: row.run_id,
    split: row.split as EvaluationSplit,
    task: fromJsonOrNull<TaskConfig>(row.task),
    status: row.status as EvaluationStatus,
    attempts: row.attempts,
    checkpointStep: row.checkpoint_step,
    metrics: fromJsonOrNull<Record<string, number>>(row.metrics),
    failureReason: row.failure_reason,
    preparedDatasetId: row.prepared_dataset_id,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export function createEvaluationsRepository(ctx: StoreContext): EvaluationsRepository {
  const { db } = ctx;
  const get = async (id: string) => {
    const row = await db.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEvaluation(row) : null;
  };
  return {
    async createEvaluation(e) {
      const fn = 'createEvaluation';
      const row = {
        id: checkId(fn, 'id', e.id),
        run_id: checkId(fn, 'runId', e.runId),
        split: checkOneOf(fn, 'split', e.split, EVALUATION_SPLITS),
        task: e.task == null ? null : toJson(fn, 'task', e.task),
        status: 'queued',
        created_at: ctx.now,
      };
      const inserted = await ctx.write((w) =>
        w.insertInto('evaluations').values(row).onConflict((oc) => oc.column('id').doNothing()).returningAll().executeTakeFirst(),
      );
      if (inserted) return { evaluation: toEvaluation(inserted), created: true };
      // asked again after it failed (a fixed cause, a transient one): queue it again
      const requeued = await ctx.write((w) =>
        w
          .updateTable('evaluations')
          .set({ status: 'queued', failure_reason: null, finished_at: null })
          .where('id', '=', row.id)
          .where('status', '=', 'failed')
          .returningAll()
          .executeTakeFirst(),
      );
      if (requeued) return { evaluation: toEvaluation(requeued), created: false };
      const existing = await get(row.id);
      if (!existing) fail(fn, 'id', 'to name an evaluation that exists after the insert', row.id);
      return { evaluation: existing, created: false };
    },

    async getEvaluation(id) {
      return get(checkId('getEvaluation', 'id', id));
    },

    async listEvaluations(runId) {
      checkId('listEvaluations', 'runId', runId);
      const rows = await db.selectFrom('evaluations').selectAll().where('run_id', '=', runId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toEvaluation);
    },

    async startEvaluation(id) {
      checkId('startEvaluation', 'id', id);
      const row = await ctx.write((w) =>
        w
          .updateTable('evaluations')
          .set({ status: 'running', attempts: sql<number>`attempts + 1` })
          .where('id', '=', id)
          .where('status', 'in', ['queued', 'running'])
          .returningAll()
          .executeTakeFirst(),
      );
      return row ? toEvaluation(row) : null;
    },

    async finishEvaluation(id, attempt, r) {
      const fn = 'finishEvaluation';
      checkId(fn, 'id', id);
      checkInt(fn, 'attempt', attempt, 1, 1_000_000);
      const status = checkOneOf(fn, 'result.status', r.status, ['succeeded', 'failed'] as const);
      const reason = r.failureReason == null ? null : checkText(fn, 'result.failureReason', r.failureReason.replaceAll('\0', '').slice(0, MAX_FAILURE_REASON) || '?', MAX_FAILURE_REASON);
      const res = await ctx.write((w) =>
        w
          .updateTable('evaluations')
          .set({
            status,
            metrics: r.metrics == null ? null : toJson(fn, 'result.metrics', r.metrics),
            checkpoint_step: r.checkpointStep == null ? null : checkInt(fn, 'result.checkpointStep', r.checkpointStep, 0),
            prepared_dataset_id: r.preparedDatasetId == null ? null : checkText(fn, 'result.preparedDatasetId', r.preparedDatasetId, 128),
            failure_reason: reason,
            finished_at: ctx.now,
          })
          .where('id', '=', id)
          .where('status', 'in', ['queued', 'running'])
          .where('attempts', '=', attempt)
          .executeTakeFirst(),
      );
      return Number(res.numUpdatedRows) === 1;
    },
  };
}
