import { CELLS, type CellKind, type RunFinalMetrics, type TaskName } from '@rnnlab/contracts';
import { beforeAll, expect, it } from 'vitest';
import { StoreInputError } from './errors/store-input-error';
import type { ListRunsQuery, RunRow } from './runs-repository';
import { RUN_SORT_FIELDS, SORT_DIRECTIONS, type RunCountField, type RunFilter, type RunSort } from './runs-query';
import type { Store } from './store';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun, uniqueId } from './testing/fixtures';

const N = 250;
const TASK_NAMES: readonly TaskName[] = ['adding', 'copy', 'reverse', 'names'];

/** a final metric value for run i: ties, negatives, large values, NaN, and runs without it */
function valLoss(i: number): number | undefined {
  if (i % 13 === 0) return undefined;
  if (i % 11 === 0) return Number.NaN; // stored as JSON null
  if (i % 29 === 0) return 1e6;
  return ((i * 37) % 23) * 1.5 - 5; // -5 .. 28, with ties
}

function finalMetrics(i: number): RunFinalMetrics {
  const loss = valLoss(i);
  return {
    val: loss === undefined ? { accuracy: 0.5 } : { loss, accuracy: 0.5 },
    test: i % 3 === 0 ? {} : { loss: 100 - (i % 41) },
    baseline: {},
    params: 10,
    tokensPerS: 1,
    elapsedMs: 1,
    bestStep: 1,
    stoppedEarly: false,
  };
}

/**
 * N runs over 3 cells × 4 tasks, two experiments (and none), priorities -2..2 and every status;
 * timestamps are then rounded down to 7 ms so that created/started/finished have many ties.
 */
async function seed(store: Store, raw: (sql: string) => Promise<unknown>, experiments: [string, string]): Promise<void> {
  for (let i = 0; i < N; i++) {
    const base = newRun();
    const cell = CELLS[i % CELLS.length];
    const task = TASK_NAMES[Math.floor(i / 3) % TASK_NAMES.length];
    const config = { ...base.config, model: { ...base.config.model, cell }, task: { ...base.config.task, name: task } } as typeof base.config;
    const experimentId = i % 5 === 0 ? null : experiments[i % 2];
    const { run } = await store.createRun({ ...base, id: `rq-${String(i).padStart(3, '0')}-${uniqueId('x').slice(-6)}`, config, experimentId, priority: ((i * 7) % 5) - 2 });
    const kind = i % 6;
    if (kind === 0) {
      if (i % 12 === 0) await store.requestCancel(run.id);
      continue; // queued or cancelled
    }
    await store.startAttempt(run.id, { attempt: 1, host: 'h', workerId: 'w' });
    if (kind === 1) continue; // running
    if (kind === 4) await store.finishRun(run.id, 1, { status: 'failed', failureReason: 'boom' });
    else await store.finishRun(run.id, 1, { status: kind === 5 ? 'stopped-early' : 'succeeded', finalMetrics: finalMetrics(i) });
  }
  await raw(
    `update runs set created_at = created_at - created_at % 7, started_at = started_at - started_at % 7, finished_at = finished_at - finished_at % 7 where id like 'rq-%'`,
  );
}

/** the sort key of a run as the documented order sees it; null = missing (sorts last) */
function keyOf(r: RunRow, sort: RunSort): number | string | null {
  switch (sort.by) {
    case 'created':
      return r.createdAt;
    case 'started':
      return r.startedAt;
    case 'finished':
      return r.finishedAt;
    case 'metric': {
      const v = r.finalMetrics?.[sort.metric?.split ?? 'val']?.[sort.metric?.name ?? ''];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    }
    default:
      return r[sort.by];
  }
}

const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

/** The reference order, in JS: by the key (missing keys last in both directions), then by id, in `dir`. */
function expectedOrder(runs: readonly RunRow[], sort: RunSort): string[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...runs]
    .sort((a, b) => {
      const ka = keyOf(a, sort);
      const kb = keyOf(b, sort);
      if (ka === null || kb === null) {
        if (ka !== kb) return ka === null ? 1 : -1;
      } else if (ka !== kb) return sign * cmp(ka, kb);
      return sign * cmp(a.id, b.id);
    })
    .map((r) => r.id);
}

function matches(r: RunRow, f: RunFilter): boolean {
  const any = <T>(v: T | readonly T[] | undefined, x: T) => v === undefined || (Array.isArray(v) ? v.includes(x) : v === x);
  return (f.experimentId === undefined || r.experimentId === f.experimentId) && any(f.status, r.status) && any(f.cell, r.cell) && any(f.task, r.task);
}

/** every page of `query` with `limit`, until a short page */
async function allPages(store: Store, query: ListRunsQuery, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  for (let offset = 0; ; offset += limit) {
    const page = (await store.listRuns({ ...query, limit, offset })).map((r) => r.id);
    pages.push(page);
    if (page.length < limit) return pages;
  }
}

describeEachDialect('runs page queries', (h) => {
  let runs: RunRow[] = [];
  let experiments: [string, string];

  beforeAll(async () => {
    const store = h.store();
    experiments = [uniqueId('exp-a'), uniqueId('exp-b')];
    for (const id of experiments) await store.createExperiment({ id, name: id, kind: 'compare', spec: {}, specHash: id });
    await seed(store, (sql) => h.raw(h.url(), sql), experiments);
    // the reference data is read run by run, not through the queries under test
    const ids = (await h.raw(h.url(), `select id from runs where id like 'rq-%'`)).map((r) => String(r.id));
    runs = (await Promise.all(ids.map((id) => store.getRun(id)))).filter((r): r is RunRow => r !== null);
    expect(runs).toHaveLength(N);
    // the data exercises what the orders must handle
    expect(new Set(runs.map((r) => r.status))).toEqual(new Set(['queued', 'cancelled', 'running', 'succeeded', 'failed', 'stopped-early']));
    expect(new Set(runs.map((r) => r.createdAt)).size).toBeLessThan(N); // ties in created_at
    expect(runs.some((r) => r.finalMetrics?.val.loss === undefined && r.finalMetrics)).toBe(true);
  });

  const sorts: RunSort[] = SORT_DIRECTIONS.flatMap((dir) => [
    ...RUN_SORT_FIELDS.filter((by) => by !== 'metric').map((by) => ({ by, dir })),
    { by: 'metric', metric: { split: 'val', name: 'loss' }, dir },
    { by: 'metric', metric: { split: 'test', name: 'loss' }, dir },
    { by: 'metric', metric: { split: 'val', name: 'accuracy' }, dir },
    { by: 'metric', metric: { split: 'val', name: 'never_recorded' }, dir },
  ]);

  it('pages through every order: each run once, none missing, in the documented order, missing values last', async () => {
    const store = h.store();
    for (const sort of sorts) {
      const pages = await allPages(store, { sort }, 100);
      expect(pages.map((p) => p.length), JSON.stringify(sort)).toEqual([100, 100, 50]);
      expect(pages.flat(), JSON.stringify(sort)).toEqual(expectedOrder(runs, sort));
    }
  });

  it('keeps the default order of before: created_at desc, then id desc', async () => {
    const store = h.store();
    const ids = (await allPages(store, {}, 1000)).flat();
    expect(ids).toEqual(expectedOrder(runs, { by: 'created', dir: 'desc' }));
    expect(ids).toEqual((await allPages(store, { sort: { by: 'created', dir: 'desc' } }, 1000)).flat());
  });

  it('sorts a final metric as a number and puts runs without it (or with NaN) last in both directions', async () => {
    const store = h.store();
    const metric = { split: 'val', name: 'loss' } as const;
    const asc = (await store.listRuns({ sort: { by: 'metric', metric, dir: 'asc' }, limit: 1000 })).map((r) => keyOf(r, { by: 'metric', metric, dir: 'asc' }));
    const desc = (await store.listRuns({ sort: { by: 'metric', metric, dir: 'desc' }, limit: 1000 })).map((r) => keyOf(r, { by: 'metric', metric, dir: 'desc' }));
    const present = asc.filter((v) => v !== null);
    expect(present.length).toBeGreaterThan(0);
    expect(asc.slice(0, present.length)).toEqual([...present].sort((a, b) => Number(a) - Number(b)));
    expect(asc.slice(present.length).every((v) => v === null)).toBe(true);
    expect(desc.slice(0, present.length)).toEqual([...present].sort((a, b) => Number(b) - Number(a)));
    expect(desc.slice(present.length).every((v) => v === null)).toBe(true);
    expect(present[0]).toBe(-5);
    expect(desc[0]).toBe(1e6); // numeric, not text order ("1000000" < "28")
  });

  const filters: RunFilter[] = [
    {},
    { cell: 'gru' },
    { cell: ['gru', 'rnn'] },
    { task: 'copy' },
    { task: ['copy', 'adding'], cell: 'lstm' },
    { status: 'succeeded', cell: 'rnn' },
    { status: ['succeeded', 'stopped-early'], task: ['names', 'reverse'], cell: ['gru', 'lstm'] },
    { cell: ['gru', 'gru'] },
  ];

  it('combines filters (AND across fields, OR within a list), and counts agree with the list', async () => {
    const store = h.store();
    const withExperiments: RunFilter[] = [...filters, { experimentId: experiments[0] }, { experimentId: experiments[1] }, { experimentId: experiments[0], task: 'copy', status: 'failed' }];
    for (const filter of withExperiments) {
      const label = JSON.stringify(filter);
      const expected = runs.filter((r) => matches(r, filter));
      expect(expected.length, label).toBeGreaterThan(0);
      const sort: RunSort = { by: 'metric', metric: { split: 'val', name: 'loss' }, dir: 'asc' };
      const listed = (await allPages(store, { ...filter, sort }, 37)).flat();
      expect(listed, label).toEqual(expectedOrder(expected, sort));
      expect(await store.countRuns(filter), label).toBe(listed.length);
      for (const field of ['cell', 'status', 'task'] as RunCountField[]) {
        const counts: Record<string, number> = {};
        for (const r of expected) counts[r[field]] = (counts[r[field]] ?? 0) + 1;
        expect(await store.countRunsBy(field, filter), `${field} ${label}`).toEqual(counts);
      }
    }
  });

  it('matches nothing for an empty list', async () => {
    const store = h.store();
    for (const filter of [{ cell: [] }, { task: [] }, { status: [], cell: 'gru' }] as RunFilter[]) {
      expect(await store.listRuns(filter)).toEqual([]);
      expect(await store.countRuns(filter)).toBe(0);
      expect(await store.countRunsBy('cell', filter)).toEqual({});
    }
  });

  it('refuses bad input with a StoreInputError naming the field', async () => {
    const store = h.store();
    const metric = (name: unknown) => ({ sort: { by: 'metric', metric: { split: 'val', name }, dir: 'asc' } }) as ListRunsQuery;
    const bad: [Promise<unknown>, RegExp][] = [
      [store.listRuns({ sort: { by: 'name' as never, dir: 'asc' } }), /expected sort\.by to be one of created\|started\|finished\|status\|cell\|task\|priority\|metric in listRuns\(\), got "name"/],
      [store.listRuns({ sort: { by: 'created', dir: 'up' as never } }), /expected sort\.dir to be one of asc\|desc/],
      [store.listRuns({ sort: { by: 'created' } as never }), /expected sort\.dir .* got undefined/],
      [store.listRuns({ sort: 'created' as never }), /expected sort to be an object/],
      [store.listRuns(metric("loss') or 1=1 --")), /expected sort\.metric\.name to match .* got "loss'\) or 1=1 --"/],
      [store.listRuns(metric('__proto__')), /expected sort\.metric\.name to match .* got "__proto__"/],
      [store.listRuns(metric('val.loss')), /sort\.metric\.name/],
      [store.listRuns(metric('Loss')), /sort\.metric\.name/],
      [store.listRuns(metric('x'.repeat(65))), /sort\.metric\.name/],
      [store.listRuns(metric(42)), /sort\.metric\.name/],
      [store.listRuns({ sort: { by: 'metric', metric: { split: 'train' as never, name: 'loss' }, dir: 'asc' } }), /expected sort\.metric\.split to be one of val\|test/],
      [store.listRuns({ sort: { by: 'metric', dir: 'asc' } }), /expected sort\.metric to be .* with sort\.by 'metric'/],
      [store.listRuns({ sort: { by: 'created', metric: { split: 'val', name: 'loss' }, dir: 'asc' } }), /expected sort\.metric to be given only with sort\.by 'metric'/],
      [store.listRuns({ limit: 0 }), /expected limit to be an integer from 1 to 1000 in listRuns\(\), got 0/],
      [store.listRuns({ limit: 5000 }), /expected limit to be an integer from 1 to 1000 in listRuns\(\), got 5000/],
      [store.listRuns({ offset: -1 }), /expected offset to be an integer from 0/],
      [store.listRuns({ cell: 'transformer' as CellKind }), /expected cell to be one of rnn\|lstm\|gru in listRuns\(\), got "transformer"/],
      [store.listRuns({ cell: ['gru', 'cnn' as CellKind] }), /expected cell\[1\] to be one of rnn\|lstm\|gru/],
      [store.listRuns({ cell: 3 as never }), /expected cell to be one of rnn\|lstm\|gru or a list of them/],
      [store.listRuns({ task: 'mnist' as TaskName }), /expected task to be one of adding\|copy/],
      [store.listRuns({ status: ['queued', 'done' as never] }), /expected status\[1\] to be one of queued\|running/],
      [store.listRuns({ experimentId: '../x' }), /expected experimentId to match/],
      [store.countRuns({ cell: 'x' as CellKind }), /expected cell to be one of .* in countRuns\(\)/],
      [store.countRuns('gru' as never), /expected query to be an object in countRuns\(\)/],
      [store.countRunsBy('engine' as never), /expected field to be one of cell\|status\|task in countRunsBy\(\), got "engine"/],
      [store.countRunsBy('task', { task: ['copy', 'nope' as TaskName] }), /expected task\[1\] .* in countRunsBy\(\)/],
    ];
    for (const [call, message] of bad) {
      const e = await call.catch((x: unknown) => x);
      expect(e, String(message)).toBeInstanceOf(StoreInputError);
      expect((e as Error).message).toMatch(message);
    }
  });
});
