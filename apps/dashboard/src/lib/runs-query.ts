/**
 * The runs table's view state, kept in the URL (`/runs?status=running&cell=lstm&sort=metric:val.mse&dir=asc&page=2`)
 * so that a link shares the view. Parsed strictly: an unknown value is dropped with a note, never passed on.
 */
import { CELLS, RUN_STATUSES, TASKS } from '@rnnlab/contracts';
import { z } from 'zod';

export const PAGE_SIZE = 50;
export const SORTS = ['created', 'started', 'finished', 'status', 'cell', 'task', 'priority'] as const;
const METRIC_SORT = /^metric:(val|test)\.([a-z][a-z0-9_]{0,63})$/;

export interface RunsView {
  status: (typeof RUN_STATUSES)[number][];
  cell: (typeof CELLS)[number][];
  task: (typeof TASKS)[number][];
  experiment: string | null;
  /** a column, or `metric:val.mse` */
  sort: string;
  dir: 'asc' | 'desc';
  page: number;
  group: boolean;
}

export const DEFAULT_VIEW: RunsView = { status: [], cell: [], task: [], experiment: null, sort: 'created', dir: 'desc', page: 1, group: false };

type Params = Record<string, string | string[] | undefined>;

const list = <T extends string>(v: string | string[] | undefined, allowed: readonly T[]): T[] =>
  [...new Set((Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(',')))].filter((s): s is T => (allowed as readonly string[]).includes(s));

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export function parseRunsView(p: Params): RunsView {
  const sort = one(p.sort) ?? 'created';
  const page = z.coerce.number().int().min(1).max(100_000).safeParse(one(p.page) ?? '1');
  const experiment = one(p.experiment);
  return {
    status: list(p.status, RUN_STATUSES),
    cell: list(p.cell, CELLS),
    task: list(p.task, TASKS),
    experiment: experiment && /^x-[0-9a-f]{16}$/.test(experiment) ? experiment : null,
    sort: (SORTS as readonly string[]).includes(sort) || METRIC_SORT.test(sort) ? sort : 'created',
    dir: one(p.dir) === 'asc' ? 'asc' : 'desc',
    page: page.success ? page.data : 1,
    group: one(p.group) === 'cell',
  };
}

/** The store's sort for a view's `sort`. */
export function storeSort(v: RunsView): { by: (typeof SORTS)[number] | 'metric'; metric?: { split: 'val' | 'test'; name: string }; dir: 'asc' | 'desc' } {
  const m = METRIC_SORT.exec(v.sort);
  if (m) return { by: 'metric', metric: { split: m[1] as 'val' | 'test', name: m[2] }, dir: v.dir };
  return { by: v.sort as (typeof SORTS)[number], dir: v.dir };
}

/** The URL of a view, with `change` applied (a changed filter goes back to page 1). */
export function viewHref(v: RunsView, change: Partial<RunsView> = {}): string {
  const n = { ...v, ...(Object.keys(change).some((k) => k !== 'page') ? { page: 1 } : {}), ...change };
  const q = new URLSearchParams();
  if (n.status.length) q.set('status', n.status.join(','));
  if (n.cell.length) q.set('cell', n.cell.join(','));
  if (n.task.length) q.set('task', n.task.join(','));
  if (n.experiment) q.set('experiment', n.experiment);
  if (n.sort !== 'created') q.set('sort', n.sort);
  if (n.dir !== 'desc') q.set('dir', n.dir);
  if (n.page > 1) q.set('page', String(n.page));
  if (n.group) q.set('group', 'cell');
  const s = q.toString();
  return s ? `/runs?${s}` : '/runs';
}
