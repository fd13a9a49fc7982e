/**
 * Metric series downsampled for charts: a chart asks for about as many points as it has pixels,
 * and 100 runs × 10,000 steps must not be shipped raw. One query for all the runs, bucketed in SQL
 * (GROUP BY run_id, bucket), so only the buckets leave the database.
 *
 * Buckets are equal-width in step over [lo, hi], lo = fromStep ?? the run's first step and
 * hi = toStep ?? its last step (each run its own range unless both are given):
 *
 *   bucket(step) = floor((step - lo) * buckets / (hi - lo + 1))      in 0 .. buckets-1
 *
 * in integer arithmetic, so a boundary step never lands in the neighbouring bucket. Each bucket
 * reports its largest step, min and max (a spike survives any downsampling), the value at its
 * largest step, and how many points it holds. A run with at most `buckets` points in range returns
 * every point as its own bucket. NaN is stored as NULL (metrics-repository.ts): min and max ignore
 * it unless the whole bucket is NaN, `last` is NaN when the last point is.
 */
import { sql, type RawBuilder } from 'kysely';
import { METRIC_SPLITS, type MetricSplit } from './metrics-repository';
import type { StoreContext } from './store-context';
import { checkId, checkInt, checkOneOf, checkText, fail } from './validate';

/** at most this many runs per call (a comparison chart, not a dump of the database) */
export const MAX_SERIES_RUNS = 200;
/** at most this many buckets per run (wider than any screen) */
export const MAX_SERIES_BUCKETS = 4000;

export interface MetricSeriesQuery {
  split: MetricSplit;
  name: string;
  /** about the chart's width in pixels: 1 to MAX_SERIES_BUCKETS */
  buckets: number;
  /** first step of the range (inclusive); default each run's first step */
  fromStep?: number;
  /** last step of the range (inclusive); default each run's last step */
  toStep?: number;
}

export interface MetricBucket {
  /** the largest step in the bucket: where the chart draws it */
  step: number;
  /** NaN only when every value in the bucket is NaN */
  min: number;
  max: number;
  /** the value at `step` (NaN if that point is NaN) */
  last: number;
  /** how many points the bucket holds (NaN points too) */
  n: number;
}

export interface MetricSeriesRepository {
  /**
   * One downsampled series per run: every requested id is a key, with `[]` for a run without
   * points in range (or an unknown run). Buckets are ordered by step.
   * @example
   * // a 800-pixel chart of the validation loss of 100 runs
   * const series = await store.getMetricSeries(runIds, { split: 'val', name: 'loss', buckets: 800 })
   * series[runIds[0]] // [{ step: 12, min: 2.1, max: 2.4, last: 2.2, n: 12 }, …]
   */
  getMetricSeries(runIds: readonly string[], query: MetricSeriesQuery): Promise<Record<string, MetricBucket[]>>;
}

interface BucketRow {
  run_id: string;
  step: number | string;
  v_min: number | null;
  v_max: number | null;
  v_last: number | null;
  n: number | string;
}

export function createMetricSeriesRepository(ctx: StoreContext): MetricSeriesRepository {
  return {
    async getMetricSeries(runIds, query) {
      const fn = 'getMetricSeries';
      if (!Array.isArray(runIds)) fail(fn, 'runIds', 'to be an array of run ids', runIds);
      if (runIds.length > MAX_SERIES_RUNS) fail(fn, 'runIds', `to hold at most ${MAX_SERIES_RUNS} run ids`, `${runIds.length} ids`);
      const ids = [...new Set(runIds.map((id, i) => checkId(fn, `runIds[${i}]`, id)))];
      if (typeof query !== 'object' || query === null) fail(fn, 'query', 'to be { split, name, buckets, fromStep?, toStep? }', query);
      const split = checkOneOf(fn, 'split', query.split, METRIC_SPLITS);
      const name = checkText(fn, 'name', query.name, 128);
      const buckets = checkInt(fn, 'buckets', query.buckets, 1, MAX_SERIES_BUCKETS);
      const fromStep = query.fromStep === undefined ? undefined : checkInt(fn, 'fromStep', query.fromStep, 0);
      const toStep = query.toStep === undefined ? undefined : checkInt(fn, 'toStep', query.toStep, fromStep ?? 0);
      const series: Record<string, MetricBucket[]> = Object.fromEntries(ids.map((id) => [id, []]));
      if (ids.length === 0) return series;

      // better-sqlite3 binds every JS number as REAL: cast, or `/` would not divide integers
      const int = (n: number): RawBuilder<number> => sql<number>`cast(${n} as bigint)`;
      const width = int(buckets);
      const inRange = sql`run_id in (${sql.join(ids)}) and split = ${split} and name = ${name}
        ${fromStep === undefined ? sql`` : sql`and step >= ${int(fromStep)}`}
        ${toStep === undefined ? sql`` : sql`and step <= ${int(toStep)}`}`;
      const lo = fromStep === undefined ? sql`min(step)` : int(fromStep);
      const hi = toStep === undefined ? sql`max(step)` : int(toStep);
      const sqlite = ctx.dialect === 'sqlite';
      // (step - lo) * buckets passes 2^63 only for a range wider than 2^51 steps: SQLite then
      // computes in floating point (hence the cast back, and the clamp: where that is a plain
      // double, not x86's extended precision, the quotient may round up to `buckets`);
      // PostgreSQL would fail, so it takes numeric there
      const bucket = sqlite
        ? sql`min(${int(buckets - 1)}, cast((p.step - s.lo) * ${width} / (s.hi - s.lo + 1) as integer))`
        : sql`case when s.hi - s.lo < ${int(2 ** 51)} then (p.step - s.lo) * ${width} / (s.hi - s.lo + 1)
            else floor((p.step - s.lo)::numeric * ${width} / (s.hi - s.lo + 1))::bigint end`;
      // the value at the bucket's last step, without a window function (which sorts every point
      // once more): PostgreSQL takes the max of [step, value] pairs (steps are unique in a bucket,
      // so the step alone decides), SQLite looks the point up by its primary key
      const last = sqlite ? sql`` : sql`, (max(array[step::float8, value]))[2] as v_last`;
      const pointsOfSpan = sql`p.run_id = s.run_id and p.split = ${split} and p.name = ${name} and p.step >= s.lo and p.step <= s.hi`;
      // Each run's span once (materialized), then its points by primary key. Fresh metrics have no
      // planner statistics yet; PostgreSQL, guessing one row everywhere, would otherwise recompute
      // or rescan the spans per point (seconds instead of milliseconds): LATERAL pins the plan
      // to one index scan per run. SQLite's planner already takes that plan for the plain join.
      const points = sqlite
        ? sql`join metrics p on ${pointsOfSpan}`
        : sql`cross join lateral (select p.step, p.value from metrics p where ${pointsOfSpan}) p`;
      const { rows } = await sql<BucketRow>`
        with spans as materialized (
          select run_id, ${lo} as lo, ${hi} as hi, count(*) as cnt from metrics where ${inRange} group by run_id
        ),
        bucketed as (
          select s.run_id, p.step, p.value, case when s.cnt <= ${width} then p.step else ${bucket} end as bucket
          from spans s ${points}
        ),
        grouped as (
          select run_id, max(step) as step, min(value) as v_min, max(value) as v_max, count(*) as n ${last}
          from bucketed
          group by run_id, bucket
        )
        ${
          sqlite
            ? sql`select g.run_id, g.step, g.v_min, g.v_max, m.value as v_last, g.n from grouped g
                join metrics m on m.run_id = g.run_id and m.split = ${split} and m.name = ${name} and m.step = g.step`
            : sql`select run_id, step, v_min, v_max, v_last, n from grouped g`
        }
        order by g.run_id, g.step
      `.execute(ctx.db);

      for (const r of rows) {
        series[r.run_id].push({
          step: Number(r.step),
          min: r.v_min ?? Number.NaN,
          max: r.v_max ?? Number.NaN,
          last: r.v_last ?? Number.NaN,
          n: Number(r.n),
        });
      }
      return series;
    },
  };
}
