/**
 * The runs table's filters and sort orders (the dashboard's runs page, 10,000 runs and more, paged
 * on the server): checked here, turned into SQL here, used by listRuns, countRuns and countRunsBy.
 * - filters combine with AND; a list matches any of its values; `[]` matches nothing.
 * - every order ends with the run id in the same direction, so a page boundary never splits ties
 *   differently between two requests (no run on two pages, none missing).
 * - a final metric is read from the `final_metrics` JSON document (RunFinalMetrics: `{ val, test, … }`).
 *   Its name reaches SQL only after matching FINAL_METRIC_NAME_PATTERN, and then as a bound parameter.
 * - nullable keys (started, finished, metric) put the runs without a value last in both directions.
 *   A NaN metric is stored as JSON null, so it sorts with the missing ones.
 * - status, cell and task sort by their text (`cancelled` < `failed` < `queued` …), in the
 *   database's collation: byte order in SQLite, the database's own in PostgreSQL (the same order
 *   for these ASCII values under C and en_US).
 */
import { CELLS, RUN_STATUSES, TASKS, type CellKind, type RunStatus, type TaskName } from '@rnnlab/contracts';
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { StoreDialect } from './database-url';
import type { Database } from './schema';
import { checkId, checkMatch, checkOneOf, checkOneOrMany, fail } from './validate';

export const RUN_SORT_FIELDS = ['created', 'started', 'finished', 'status', 'cell', 'task', 'priority', 'metric'] as const;
export type RunSortField = (typeof RUN_SORT_FIELDS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
/** the splits a run's final metrics are recorded for (RunFinalMetrics.val / .test) */
export const FINAL_METRIC_SPLITS = ['val', 'test'] as const;
export type FinalMetricSplit = (typeof FINAL_METRIC_SPLITS)[number];
/** the trainer's metric names (`loss`, `accuracy`, `bits_per_token`, …): also a safe JSON path segment */
export const FINAL_METRIC_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
export const RUN_COUNT_FIELDS = ['cell', 'status', 'task'] as const;
export type RunCountField = (typeof RUN_COUNT_FIELDS)[number];

/** Which runs: every given field must match. */
export interface RunFilter {
  experimentId?: string;
  status?: RunStatus | readonly RunStatus[];
  cell?: CellKind | readonly CellKind[];
  task?: TaskName | readonly TaskName[];
}

export interface RunSort {
  by: RunSortField;
  /** with `by: 'metric'` only: which final metric, e.g. `{ split: 'val', name: 'loss' }` */
  metric?: { split: FinalMetricSplit; name: string };
  dir: SortDirection;
}

/** the default order, as listRuns has always returned runs: newest first */
export const DEFAULT_RUN_SORT: Readonly<RunSort> = Object.freeze({ by: 'created', dir: 'desc' });

export interface CheckedRunFilter {
  experimentId: string | null;
  status: RunStatus[] | null;
  cell: CellKind[] | null;
  task: TaskName[] | null;
  /** a field was given an empty list: no run can match, skip the query */
  empty: boolean;
}

export function checkRunFilter(fn: string, filter: RunFilter | undefined): CheckedRunFilter {
  if (filter === undefined) return { experimentId: null, status: null, cell: null, task: null, empty: false };
  if (typeof filter !== 'object' || filter === null) fail(fn, 'query', 'to be an object', filter);
  const status = filter.status === undefined ? null : checkOneOrMany(fn, 'status', filter.status, RUN_STATUSES);
  const cell = filter.cell === undefined ? null : checkOneOrMany(fn, 'cell', filter.cell, CELLS);
  const task = filter.task === undefined ? null : checkOneOrMany(fn, 'task', filter.task, TASKS);
  return {
    experimentId: filter.experimentId === undefined ? null : checkId(fn, 'experimentId', filter.experimentId),
    status,
    cell,
    task,
    empty: [status, cell, task].some((list) => list?.length === 0),
  };
}

/** The filter as one WHERE condition (`1 = 1` when nothing is filtered). */
export function whereRuns(f: CheckedRunFilter) {
  return (eb: ExpressionBuilder<Database, 'runs'>): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [];
    if (f.experimentId !== null) conditions.push(eb('experiment_id', '=', f.experimentId));
    if (f.status !== null) conditions.push(eb('status', 'in', f.status));
    if (f.cell !== null) conditions.push(eb('cell', 'in', f.cell));
    if (f.task !== null) conditions.push(eb('task', 'in', f.task));
    return eb.and(conditions);
  };
}

export interface CheckedRunSort {
  key: RawBuilder<unknown>;
  dir: SortDirection;
  /** the key can be null: those runs go last whatever the direction */
  nullable: boolean;
}

const SORT_COLUMNS = {
  created: 'created_at',
  started: 'started_at',
  finished: 'finished_at',
  status: 'status',
  cell: 'cell',
  task: 'task',
  priority: 'priority',
} as const satisfies Record<Exclude<RunSortField, 'metric'>, string>;
const NULLABLE: readonly RunSortField[] = ['started', 'finished', 'metric'];

/** A final metric as a number (null when the run has none), in the dialect's JSON function. */
function finalMetric(dialect: StoreDialect, split: FinalMetricSplit, name: string): RawBuilder<number | null> {
  return dialect === 'sqlite'
    ? // split and name are checked, so the path has exactly two plain segments
      sql<number | null>`json_extract(final_metrics, ${`$.${split}.${name}`})`
    : sql<number | null>`((final_metrics::json -> ${split}::text) ->> ${name}::text)::double precision`;
}

export function checkRunSort(fn: string, sort: RunSort | undefined, dialect: StoreDialect): CheckedRunSort {
  const s = sort ?? DEFAULT_RUN_SORT;
  if (typeof s !== 'object' || s === null) fail(fn, 'sort', "to be an object like { by: 'created', dir: 'desc' }", s);
  const by = checkOneOf(fn, 'sort.by', s.by, RUN_SORT_FIELDS);
  const dir = checkOneOf(fn, 'sort.dir', s.dir, SORT_DIRECTIONS);
  const nullable = NULLABLE.includes(by);
  if (by !== 'metric') {
    if (s.metric !== undefined) fail(fn, 'sort.metric', "to be given only with sort.by 'metric'", s.metric);
    return { key: sql.ref(SORT_COLUMNS[by]), dir, nullable };
  }
  const m = s.metric;
  if (typeof m !== 'object' || m === null) fail(fn, 'sort.metric', "to be { split: 'val' | 'test', name } with sort.by 'metric'", m);
  const split = checkOneOf(fn, 'sort.metric.split', m.split, FINAL_METRIC_SPLITS);
  const name = checkMatch(fn, 'sort.metric.name', m.name, FINAL_METRIC_NAME_PATTERN);
  return { key: finalMetric(dialect, split, name), dir, nullable };
}
