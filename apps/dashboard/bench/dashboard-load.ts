/**
 * The dashboard's numbers, measured on a real platform (a private redis-server, SQLite, a worker
 * training a run, `rnnlab dashboard`'s production build, Debian's Chromium):
 *   1. time to first byte and to a rendered table for /runs with 10,000 runs;
 *   2. time to first byte and to drawn charts for an experiment of 100 runs × 10,000 points;
 *   3. event latency from the worker's progress event to the browser;
 *   4. 50 concurrent users on those pages for 60 s while the run trains: requests/s, p50/p95, errors.
 * Prints the numbers; asserts nothing (speed is measured, not tested).
 *
 *   node --import tsx apps/dashboard/bench/dashboard-load.ts [--users 50] [--seconds 60] [--runs 10000]
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseRunConfig, type RunFinalMetrics } from '@rnnlab/contracts';
import { openStore, type MetricPoint, type Store } from '@rnnlab/store';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot, startPlatform } from '../src/testing/platform';

const { values } = parseArgs({ options: { users: { type: 'string', default: '50' }, seconds: { type: 'string', default: '60' }, runs: { type: 'string', default: '10000' } } });
const USERS = Number(values.users);
const SECONDS = Number(values.seconds);
const RUNS = Number(values.runs);
const CELLS = ['rnn', 'lstm', 'gru'] as const;

const hex16 = (i: number, salt: number) => (salt * 1_000_000_007 + i).toString(16).padStart(16, '0').slice(-16);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (x: number) => `${x.toFixed(0)} ms`;

function finalMetrics(i: number): RunFinalMetrics {
  const mse = 0.17 * Math.exp(-(i % 97) / 10);
  return { val: { mse, loss: mse }, test: { mse, loss: mse }, baseline: { mean_predictor_mse: 0.167 }, params: 12_000 + (i % 7) * 1000, tokensPerS: 50_000 + (i % 13) * 1000, elapsedMs: 10_000 + i, bestStep: 1000, stoppedEarly: false };
}

async function seedRuns(store: Store): Promise<void> {
  for (let i = 0; i < RUNS; i++) {
    const config = parseRunConfig({ task: { name: 'adding' }, model: { cell: CELLS[i % 3], hidden: 32 + (i % 4) * 32 }, train: { steps: 1000 }, seed: i });
    const id = `r-${hex16(i, 1)}`;
    await store.createRun({ id, config, configHash: id, engine: 'auto' });
    if (i % 10 !== 0) {
      await store.startAttempt(id, { attempt: 1, host: 'bench', workerId: 'bench' });
      await store.finishRun(id, 1, { status: i % 50 === 1 ? 'failed' : 'succeeded', finalMetrics: finalMetrics(i), failureReason: i % 50 === 1 ? 'bench' : null });
    }
  }
}

/** an experiment of 100 runs, each with 10,000 training-loss points and 100 validation points */
async function seedExperiment(store: Store): Promise<string> {
  const id = `x-${hex16(7, 3)}`;
  await store.createExperiment({ id, name: 'adding: rnn vs lstm vs gru x 34 seeds (bench)', kind: 'compare', spec: { kind: 'compare', plan: { cells: CELLS.map((cell) => ({ cell, hidden: 64, params: 1 })) } }, specHash: id });
  for (let r = 0; r < 100; r++) {
    const cell = CELLS[r % 3];
    const config = parseRunConfig({ task: { name: 'adding' }, model: { cell }, train: { steps: 10_000 }, seed: r });
    const runId = `r-${hex16(r, 2)}`;
    await store.createRun({ id: runId, experimentId: id, config, configHash: runId, engine: 'auto' });
    const decay = cell === 'rnn' ? 0.2 : 2;
    const points: MetricPoint[] = [];
    for (let s = 1; s <= 10_000; s++) {
      const v = 0.17 * Math.exp((-decay * s) / 10_000) * (1 + 0.3 * Math.sin(s * 0.7 + r)) + (s % 997 === 0 ? 0.5 : 0);
      points.push({ split: 'train', name: 'loss', step: s, value: v });
      if (s % 100 === 0) points.push({ split: 'val', name: 'mse', step: s, value: v });
    }
    await store.addMetrics(runId, points);
    await store.startAttempt(runId, { attempt: 1, host: 'bench', workerId: 'bench' });
    await store.finishRun(runId, 1, { status: 'succeeded', finalMetrics: { ...finalMetrics(r), val: { mse: points.at(-1)?.value ?? 0 } } });
  }
  return id;
}

async function pageTimes(browser: Browser, url: string, charts: string[], reps = 5) {
  const ttfb: number[] = [];
  const ready: number[] = [];
  // the first load is the cold one (nothing cached in the dashboard); the medians include it
  for (let i = 0; i < reps; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    for (const c of charts) await page.waitForSelector(`[data-testid=${c}][data-drawn-at]`, { timeout: 120_000 });
    const t = await page.evaluate((cs) => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const drawn = cs.map((c) => Number(document.querySelector(`[data-testid=${c}]`)?.getAttribute('data-drawn-at')));
      return { ttfb: nav.responseStart - nav.startTime, ready: cs.length ? Math.max(...drawn) : nav.domContentLoadedEventEnd - nav.startTime };
    }, charts);
    ttfb.push(t.ttfb);
    ready.push(t.ready);
    await page.close();
  }
  return { ttfb: median(ttfb), ready: median(ready), coldTtfb: ttfb[0], coldReady: ready[0] };
}

async function load(urls: string[], users: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const statuses = new Map<number, number>();
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      for (let k = u; Date.now() < end; k++) {
        const t0 = performance.now();
        try {
          const r = await fetch(urls[k % urls.length]);
          await r.arrayBuffer();
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status >= 400) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { requests: latencies.length, rps: latencies.length / seconds, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), errors, statuses: Object.fromEntries(statuses) };
}

const t0 = Date.now();
const platform = await startPlatform({ workerThreads: 1 });
const store = await openStore(platform.env.DATABASE_URL);
let browser: Browser | null = null;
try {
  process.stdout.write(`seeding ${RUNS} runs and an experiment of 100 runs x 10,000 points...\n`);
  await seedRuns(store);
  const experimentId = await seedExperiment(store);
  process.stdout.write(`seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  // a run that trains during the measurements (the worker's one core; the dashboard has the other)
  const submitted = execFileSync(process.execPath, [join(repoRoot, 'apps/cli/bin/rnnlab.mjs'), 'submit', '--task', 'adding', '--seq-len', '50', '--cell', 'lstm', '--hidden', '64', '--steps', '100000', '--lr', '0.001', '--json'], { env: platform.env, encoding: 'utf8' });
  const runId = (JSON.parse(submitted.trim().split('\n').at(-1) as string) as { id: string }).id;

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const runs = await pageTimes(browser, `${platform.url}/runs`, []);
  const runsSorted = await pageTimes(browser, `${platform.url}/runs?sort=metric:val.mse&dir=asc&page=100`, []);
  const compare = await pageTimes(browser, `${platform.url}/experiments/${experimentId}`, ['val-chart', 'loss-chart']);

  // event latency: the worker stamps each progress event; the page records now - stamp
  for (let i = 0; i < 60 && (await store.getRun(runId))?.status !== 'running'; i++) await new Promise((r) => setTimeout(r, 500));
  const page = await browser.newPage();
  await page.goto(`${platform.url}/runs/${runId}`);
  await page.waitForFunction(() => ((window as unknown as { __rnnlabLatencies?: number[] }).__rnnlabLatencies ?? []).length >= 15, null, { timeout: 120_000 });
  const lat = await page.evaluate(() => (window as unknown as { __rnnlabLatencies: number[] }).__rnnlabLatencies);
  await page.close();

  process.stdout.write(`load: ${USERS} users for ${SECONDS} s on /runs, /runs sorted by a metric, the compare page and the training run's page...\n`);
  const l = await load([`${platform.url}/runs`, `${platform.url}/runs?sort=metric:val.mse&dir=asc&page=37`, `${platform.url}/experiments/${experimentId}`, `${platform.url}/runs/${runId}`], USERS, SECONDS);
  const trained = await store.getMetrics(runId, { split: 'train', name: 'loss' });

  process.stdout.write(
    [
      '',
      `| measurement | value |`,
      `| --- | --- |`,
      `| /runs (${RUNS + 100} runs, page 1): time to first byte | ${ms(runs.ttfb)} |`,
      `| /runs: table rendered (DOMContentLoaded) | ${ms(runs.ready)} |`,
      `| /runs sorted by val mse, page 100: first byte / rendered | ${ms(runsSorted.ttfb)} / ${ms(runsSorted.ready)} |`,
      `| compare page (100 runs x 10,000 points): time to first byte, cold / warm | ${ms(compare.coldTtfb)} / ${ms(compare.ttfb)} |`,
      `| compare page: both charts drawn, cold / warm | ${ms(compare.coldReady)} / ${ms(compare.ready)} |`,
      `| event latency worker -> browser (${lat.length} events): median / p95 / max | ${ms(median(lat))} / ${ms(pct(lat, 95))} / ${ms(Math.max(...lat))} |`,
      `| ${USERS} users x ${SECONDS} s: requests, requests/s | ${l.requests}, ${l.rps.toFixed(1)} |`,
      `| latency p50 / p95 / p99 | ${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)} |`,
      `| errors (non-2xx or failed) | ${l.errors} ${JSON.stringify(l.statuses)} |`,
      `| the run trained meanwhile | ${trained.length} steps recorded |`,
      '',
      '(medians of 5 page loads; Chromium headless on this machine; the worker, the dashboard, the browser and the load share its cores)',
      '',
    ].join('\n'),
  );
} finally {
  await browser?.close();
  await store.close();
  await platform.stop();
}
