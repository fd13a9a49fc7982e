/**
 * Scalar metrics per (run, split, name, step). Inserts never change a stored point (ON CONFLICT DO
 * NOTHING): a job that runs twice cannot duplicate or rewrite its curve. NaN (a diverged loss) is
 * stored as NULL, which SQLite would do anyway, and read back as NaN in both dialects.
 */
import type { StoreContext } from './store-context';
import { checkId, checkInt, checkOneOf, checkText, fail } from './validate';

export const METRIC_SPLITS = ['train', 'val', 'test'] as const;
export type MetricSplit = (typeof METRIC_SPLITS)[number];

export interface MetricPoint {
  split: MetricSplit;
  /** `loss`, `accuracy`, `lr`, `gradNorm`, ... */
  name: string;
  step: number;
  value: number;
}

export interface MetricsQuery {
  split?: MetricSplit;
  name?: string;
}

export interface MetricsRepository {
  /**
   * Insert points, ignoring those already stored; returns how many were new. One transaction,
   * multi-row INSERTs of up to METRIC_BATCH_ROWS rows.
   */
  addMetrics(runId: string, points: readonly MetricPoint[]): Promise<number>;
  /** ordered by step (then split, name) */
  getMetrics(runId: string, query?: MetricsQuery): Promise<MetricPoint[]>;
}

/** rows per INSERT: 5 parameters each, far below SQLite's 32766 and PostgreSQL's 65535 */
export const METRIC_BATCH_ROWS = 1000;

export function createMetricsRepository(ctx: StoreContext): MetricsRepository {
  return {
    async addMetrics(runId, points) {
      const fn = 'addMetrics';
      checkId(fn, 'runId', runId);
      if (!Array.isArray(points)) fail(fn, 'points', 'to be an array', points);
      if (points.length === 0) return 0;
      const rows = points.map((p, i) => {
        if (typeof p?.value !== 'number') fail(fn, `points[${i}].value`, 'to be a number', p?.value);
        return {
          run_id: runId,
          split: checkOneOf(fn, `points[${i}].split`, p.split, METRIC_SPLITS),
          name: checkText(fn, `points[${i}].name`, p.name, 128),
          step: checkInt(fn, `points[${i}].step`, p.step, 0),
          value: Number.isNaN(p.value) ? null : p.value,
        };
      });
      return ctx.transaction(async (trx) => {
        let inserted = 0;
        for (let i = 0; i < rows.length; i += METRIC_BATCH_ROWS) {
          const r = await trx
            .insertInto('metrics')
            .values(rows.slice(i, i + METRIC_BATCH_ROWS))
            .onConflict((oc) => oc.columns(['run_id', 'split', 'name', 'step']).doNothing())
            .executeTakeFirst();
          inserted += Number(r.numInsertedOrUpdatedRows ?? 0);
        }
        return inserted;
      });
    },

    async getMetrics(runId, query = {}) {
      const fn = 'getMetrics';
      checkId(fn, 'runId', runId);
      let q = ctx.db.selectFrom('metrics').select(['split', 'name', 'step', 'value']).where('run_id', '=', runId);
      if (query.split !== undefined) q = q.where('split', '=', checkOneOf(fn, 'split', query.split, METRIC_SPLITS));
      if (query.name !== undefined) q = q.where('name', '=', checkText(fn, 'name', query.name, 128));
      const rows = await q.orderBy('step').orderBy('split').orderBy('name').execute();
      return rows.map((r) => ({ split: r.split as MetricSplit, name: r.name, step: r.step, value: r.value ?? Number.NaN }));
    },
  };
}
