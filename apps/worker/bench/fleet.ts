/**
 * The platform's numbers (issue #7 §7), measured on this machine with real processes:
 *   node --import tsx apps/worker/bench/fleet.ts [--runs 1000] [--database URL]
 * A private redis-server (AOF), the store (SQLite in a temp dir unless --database), two workers with
 * one thread each. Prints: submit -> training start (p50, p95) and per-job overhead of tiny runs;
 * N tiny runs through 2 workers (jobs/s, stalled events, Redis memory); checkpoint save/load of a
 * real LSTM-256 checkpoint; a 3000-step GRU run through the fleet vs `rnnlab train`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseRunConfig, type RunConfigInput } from '@rnnlab/contracts';
import { startRedisServer } from '@rnnlab/local-services';
import { connectRedis, RunQueue, submitRun } from '@rnnlab/queue';
import { openStore, type Store } from '@rnnlab/store';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const cli = join(repoRoot, 'apps/cli/bin/rnnlab.mjs');
const workerBin = join(repoRoot, 'apps/worker/bin/rnnlab-worker.mjs');

const { values } = parseArgs({ options: { runs: { type: 'string' }, database: { type: 'string' } } });
const N = Number(values.runs ?? 1000);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function cliRun(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [cli, ...args], { cwd: repoRoot, env, maxBuffer: 1 << 26 }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))),
  );
}

async function waitAll(store: Store, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await Promise.all(ids.map((id) => store.getRun(id)));
    if (rows.every((r) => r && ['succeeded', 'failed', 'cancelled'].includes(r.status))) return;
    if (Date.now() > deadline) throw new Error(`runs not finished after ${timeoutMs} ms`);
    await sleep(200);
  }
}

const tiny = (seed: number): RunConfigInput => ({
  seed,
  task: { name: 'adding', seqLen: 10, size: 256, valFraction: 0.01, testFraction: 0.01 },
  model: { cell: 'gru', hidden: 8 },
  train: { batch: 8, steps: 5, evalEvery: 0, diagEvery: 0, checkpointEvery: 0 },
});

const tmp = await mkdtemp(join(tmpdir(), 'rnnlab-bench-'));
const redis = await startRedisServer({ dir: join(tmp, 'redis'), appendonly: true });
const databaseUrl = values.database ?? `sqlite:${join(tmp, 'bench.db')}`;
const env = { ...process.env, REDIS_URL: redis.url, DATABASE_URL: databaseUrl, RNNLAB_QUEUE_PREFIX: 'bench' };
const store = await openStore(databaseUrl);
const conn = connectRedis(redis.url, 'producer');
await conn.connect();
const queue = new RunQueue(conn, { prefix: 'bench' });
const workers: ChildProcess[] = [0, 1].map(() => spawn(process.execPath, [workerBin, '--threads', '1'], { cwd: repoRoot, env, stdio: 'ignore' }));
console.log(`store ${store.dialect}, Redis ${redis.url}, 2 workers x 1 thread`);
await sleep(3000);

try {
  // 1. latency, one run at a time on idle workers
  const lat: number[] = [];
  const overhead: number[] = [];
  for (let i = 0; i < 20; i++) {
    const { run } = await submitRun(store, queue, parseRunConfig(tiny(10_000 + i)));
    await waitAll(store, [run.id], 60_000);
    const events = await store.listEvents(run.id);
    const started = events.find((e) => e.kind === 'started');
    const row = await store.getRun(run.id);
    if (started) lat.push(started.at - run.createdAt);
    if (row?.finishedAt && row.finalMetrics) overhead.push(row.finishedAt - run.createdAt - row.finalMetrics.elapsedMs);
  }
  console.log(`submit -> training starts: p50 ${pct(lat, 50)} ms, p95 ${pct(lat, 95)} ms (20 runs, idle workers)`);
  console.log(`per-job overhead of a tiny run (wall from submit to finished, minus training time): p50 ${pct(overhead, 50).toFixed(0)} ms, p95 ${pct(overhead, 95).toFixed(0)} ms`);

  // 2. N tiny runs queued at once through 2 workers
  const before = Number(/used_memory:(\d+)/.exec(await conn.info('memory'))?.[1]);
  const t0 = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < N; i++) ids.push((await submitRun(store, queue, parseRunConfig(tiny(i)))).run.id);
  const queuedMs = Date.now() - t0;
  const peak = Number(/used_memory:(\d+)/.exec(await conn.info('memory'))?.[1]);
  await waitAll(store, ids, 30 * 60_000);
  const wall = (Date.now() - t0) / 1000;
  let stalled = 0;
  let failed = 0;
  for (const id of ids) {
    stalled += (await store.listEvents(id)).filter((e) => e.kind === 'stalled').length;
    if ((await store.getRun(id))?.status !== 'succeeded') failed++;
  }
  console.log(
    `${N} tiny runs, 2 workers: ${(N / wall).toFixed(1)} jobs/s (${wall.toFixed(1)} s; submitting took ${queuedMs} ms), ` +
      `${stalled} stalled events, ${failed} not succeeded; Redis used_memory ${(before / 2 ** 20).toFixed(1)} MB -> ${(peak / 2 ** 20).toFixed(1)} MB with all queued`,
  );

  // 3. checkpoint save / load of a real LSTM-256 (names char LM) checkpoint
  const ckDir = join(tmp, 'ck');
  await cliRun(['train', '--task', 'names', '--cell', 'lstm', '--hidden', '256', '--steps', '1', '--eval-every', '0', '--diag-every', '0', '--checkpoint-dir', ckDir], env);
  const file = join(ckDir, (await readdir(ckDir))[0]);
  const bytes = new Uint8Array(await readFile(file));
  const saves: number[] = [];
  const loads: number[] = [];
  const { run: ckRun } = await submitRun(store, queue, parseRunConfig({ ...tiny(999_999), train: { ...tiny(0).train, steps: 1 } }));
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    await store.saveCheckpoint(ckRun.id, 1_000_000 + i, bytes);
    saves.push(performance.now() - t);
    t = performance.now();
    await store.loadCheckpoint(ckRun.id, 1_000_000 + i);
    loads.push(performance.now() - t);
  }
  console.log(`LSTM-256 checkpoint (${(bytes.length / 2 ** 20).toFixed(1)} MB): save p50 ${pct(saves, 50).toFixed(1)} ms, load p50 ${pct(loads, 50).toFixed(1)} ms (${store.dialect})`);

  // 4. a 3000-step GRU run through the fleet vs rnnlab train on this machine
  const gru = ['--task', 'adding', '--seq-len', '50', '--cell', 'gru', '--hidden', '64', '--batch', '64', '--steps', '3000', '--lr', '0.001', '--clip', '1', '--seed', '1'];
  let t = Date.now();
  const sub = JSON.parse(await cliRun(['submit', ...gru, '--json'], env)) as { id: string };
  await waitAll(store, [sub.id], 10 * 60_000);
  const fleetS = (Date.now() - t) / 1000;
  for (const w of workers) w.kill('SIGTERM');
  await sleep(2000);
  t = Date.now();
  await cliRun(['train', ...gru, '--threads', '1', '--json'], env);
  const localS = (Date.now() - t) / 1000;
  console.log(`3000-step GRU run: through the fleet ${fleetS.toFixed(1)} s (submit to succeeded), rnnlab train ${localS.toFixed(1)} s (both 1 thread): ${((fleetS / localS - 1) * 100).toFixed(1)}%`);
} finally {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await queue.close();
  await conn.quit();
  await store.close();
  await redis.stop();
  await rm(tmp, { recursive: true, force: true });
}
