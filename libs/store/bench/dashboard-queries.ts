/**
 * The dashboard's read queries at the sizes it must stay fast at: the runs page over 10,000 runs
 * (listRuns with each kind of order, countRuns, countRunsBy) and charts of 100 runs × 10,000 steps
 * (getMetricSeries). Prints the median of a few calls of each; asserts nothing.
 *
 *   node --import tsx libs/store/bench/dashboard-queries.ts          # a temp SQLite file, and PostgreSQL if reachable
 *   node --import tsx libs/store/bench/dashboard-queries.ts URL      # one empty database (rows are left in it)
 *
 * Options by environment: BENCH_RUNS (default 10000), BENCH_SERIES_RUNS (100), BENCH_STEPS (10000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CELLS, parseRunConfig, type RunConfig } from '@rnnlab/contracts';
import { createTestPostgresDatabase, openStore, probeTestPostgres, type MetricPoint, type Store } from '../src/index';

const RUNS = Number(process.env.BENCH_RUNS ?? 10_000);
const SERIES_RUNS = Number(process.env.BENCH_SERIES_RUNS ?? 100);
const STEPS = Number(process.env.BENCH_STEPS ?? 10_000);
const TASKS = ['adding', 'copy', 'reverse', 'addition', 'names'] as const;
const REPEAT = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time<T>(label: string, call: () => Promise<T>, show: (r: T) => string): Promise<void> {
  const ms: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < REPEAT; i++) {
    const t0 = process.hrtime.bigint();
    result = await call();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  console.log(`  ${label.padEnd(58)} ${median(ms).toFixed(1).padStart(8)} ms   (${show(result as T)})`);
}

/** RUNS runs over 3 cells × 5 tasks; 80% finished with final metrics, a tenth of those without val.loss */
async function seedRuns(store: Store, prefix: string): Promise<void> {
  const configs = new Map<string, RunConfig>();
  for (const cell of CELLS) for (const name of TASKS) configs.set(`${cell}/${name}`, parseRunConfig({ task: { name }, model: { cell } }));
  for (let i = 0; i < RUNS; i++) {
    const cell = CELLS[i % CELLS.length];
    const task = TASKS[Math.floor(i / 3) % TASKS.length];
    const id = `${prefix}-${String(i).padStart(6, '0')}`;
    await store.createRun({ id, config: configs.get(`${cell}/${task}`) as RunConfig, configHash: id, engine: 'tfjs', priority: i % 7 });
    if (i % 5 === 4) continue; // queued
    await store.startAttempt(id, { attempt: 1, host: 'bench', workerId: 'w' });
    if (i % 5 === 3) continue; // running
    const val: Record<string, number> = i % 10 === 0 ? { accuracy: 0.5 } : { loss: Math.abs(Math.sin(i)), accuracy: 0.5 };
    await store.finishRun(id, 1, {
      status: 'succeeded',
      finalMetrics: { val, test: { loss: 1 }, baseline: {}, params: 1000, tokensPerS: 1, elapsedMs: 1, bestStep: 1, stoppedEarly: false },
    });
  }
}

async function seedSeries(store: Store, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let r = 0; r < SERIES_RUNS; r++) {
    const id = `${prefix}-series-${r}`;
    await store.createRun({ id, config: parseRunConfig({ task: { name: 'adding' } }), configHash: id, engine: 'tfjs' });
    const points: MetricPoint[] = Array.from({ length: STEPS }, (_, i) => ({ split: 'train', name: 'loss', step: i + 1, value: 1 / (i + 1) + r }));
    await store.addMetrics(id, points);
    ids.push(id);
  }
  return ids;
}

async function bench(url: string, label: string): Promise<void> {
  const store = await openStore(url);
  try {
    let t0 = Date.now();
    await seedRuns(store, `bench-${Date.now().toString(36)}`);
    console.log(`${label}: ${RUNS} runs written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const byLoss = { by: 'metric', metric: { split: 'val', name: 'loss' }, dir: 'asc' } as const;
    await time('listRuns() newest first, limit 100', () => store.listRuns(), (r) => `${r.length} rows`);
    await time('listRuns() sort val.loss asc, limit 100', () => store.listRuns({ sort: byLoss }), (r) => `${r.length} rows`);
    await time('listRuns() sort val.loss desc, offset 9000', () => store.listRuns({ sort: { ...byLoss, dir: 'desc' }, offset: 9000 }), (r) => `${r.length} rows`);
    await time("listRuns() cell 'gru', task 'copy', sort val.loss", () => store.listRuns({ cell: 'gru', task: 'copy', sort: byLoss }), (r) => `${r.length} rows`);
    await time("listRuns() status 'succeeded', newest first, offset 1000", () => store.listRuns({ status: 'succeeded', offset: 1000 }), (r) => `${r.length} rows`);
    await time('listRuns() sort finished desc, offset 5000', () => store.listRuns({ sort: { by: 'finished', dir: 'desc' }, offset: 5000 }), (r) => `${r.length} rows`);
    await time('listRuns() sort priority desc', () => store.listRuns({ sort: { by: 'priority', dir: 'desc' } }), (r) => `${r.length} rows`);
    await time('countRuns()', () => store.countRuns(), (n) => `${n}`);
    await time("countRuns() cell ['gru', 'lstm'], status 'succeeded'", () => store.countRuns({ cell: ['gru', 'lstm'], status: 'succeeded' }), (n) => `${n}`);
    await time("countRunsBy('status')", () => store.countRunsBy('status'), (c) => JSON.stringify(c));
    await time("countRunsBy('task') cell 'rnn'", () => store.countRunsBy('task', { cell: 'rnn' }), (c) => `${Object.keys(c).length} tasks`);

    t0 = Date.now();
    const ids = await seedSeries(store, `bench-${Date.now().toString(36)}`);
    console.log(`${label}: ${SERIES_RUNS} runs × ${STEPS} points written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const total = (s: Record<string, unknown[]>) => `${Object.values(s).reduce((n, b) => n + b.length, 0)} buckets`;
    await time(`getMetricSeries() ${SERIES_RUNS} runs, 800 buckets`, () => store.getMetricSeries(ids, { split: 'train', name: 'loss', buckets: 800 }), total);
    await time(`getMetricSeries() ${SERIES_RUNS} runs, 4000 buckets`, () => store.getMetricSeries(ids, { split: 'train', name: 'loss', buckets: 4000 }), total);
    await time('getMetricSeries() 10 runs, 800 buckets, steps 2000-3000', () => store.getMetricSeries(ids.slice(0, 10), { split: 'train', name: 'loss', buckets: 800, fromStep: 2000, toStep: 3000 }), total);
    await time('getMetrics() 1 run raw, for comparison', () => store.getMetrics(ids[0], { split: 'train', name: 'loss' }), (p) => `${p.length} points`);
  } finally {
    await store.close();
  }
}

const url = process.argv[2];
if (url) {
  await bench(url, url.startsWith('sqlite:') ? 'sqlite' : 'postgres');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-bench-'));
  try {
    await bench(`sqlite:${join(dir, 'bench.db')}`, 'sqlite');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const probe = await probeTestPostgres();
  if (!probe.available) {
    console.log(`postgres skipped: ${probe.reason}`);
  } else {
    const db = await createTestPostgresDatabase();
    try {
      await bench(db.url, 'postgres');
    } finally {
      await db.drop();
    }
  }
}
