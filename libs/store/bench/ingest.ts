/**
 * Store ingest benchmark: metric points per second (multi-row batches, as a worker flushes them)
 * and checkpoint save/load time for a 2 MB blob (an LSTM-256 checkpoint is about that).
 *
 *   node --import tsx libs/store/bench/ingest.ts            # a temp SQLite file, and PostgreSQL if reachable
 *   node --import tsx libs/store/bench/ingest.ts URL        # one database (a bench run is created, then deleted)
 *
 * Options by environment: BENCH_BATCHES (default 100), BENCH_BATCH_ROWS (500), BENCH_CHECKPOINTS (20).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunConfig } from '@rnnlab/contracts';
import { createTestPostgresDatabase, openStore, probeTestPostgres, type MetricPoint } from '../src/index';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 100);
const BATCH_ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 500);
const CHECKPOINTS = Number(process.env.BENCH_CHECKPOINTS ?? 20);
const CHECKPOINT_BYTES = 2 * 1024 * 1024;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function bench(url: string, label: string): Promise<void> {
  const store = await openStore(url);
  const runId = `bench-${randomUUID()}`;
  try {
    await store.createRun({ id: runId, config: parseRunConfig({ task: { name: 'adding' } }), configHash: 'bench', engine: 'tfjs' });
    // metrics: 4 series (loss, lr, gradNorm, tokensPerS) per step, like the trainer's step events
    const names = ['loss', 'lr', 'gradNorm', 'tokensPerS'];
    let step = 0;
    const t0 = process.hrtime.bigint();
    for (let b = 0; b < BATCHES; b++) {
      const points: MetricPoint[] = [];
      while (points.length < BATCH_ROWS) {
        step++;
        for (const name of names) points.push({ split: 'train', name, step, value: Math.random() });
      }
      await store.addMetrics(runId, points.slice(0, BATCH_ROWS));
    }
    const ingestMs = ms(t0);
    const rows = BATCHES * BATCH_ROWS;

    // checkpoints: save (hash + upsert + prune, one transaction) and load (read + re-hash)
    const blob = new Uint8Array(randomBytes(CHECKPOINT_BYTES));
    const saves: number[] = [];
    const loads: number[] = [];
    for (let i = 1; i <= CHECKPOINTS; i++) {
      let t = process.hrtime.bigint();
      await store.saveCheckpoint(runId, i * 100, blob);
      saves.push(ms(t));
      t = process.hrtime.bigint();
      await store.loadCheckpoint(runId, i * 100);
      loads.push(ms(t));
    }
    console.log(
      `${label.padEnd(10)} metrics: ${rows} rows in ${BATCHES} batches of ${BATCH_ROWS}: ${Math.round(rows / (ingestMs / 1000)).toLocaleString('en-US')} rows/s` +
        ` | checkpoint 2 MB: save ${median(saves).toFixed(1)} ms, load ${median(loads).toFixed(1)} ms (median of ${CHECKPOINTS})`,
    );
  } finally {
    await store.deleteRun(runId).catch(() => undefined);
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
    console.log(`postgres   skipped: ${probe.reason}`);
  } else {
    const db = await createTestPostgresDatabase();
    try {
      await bench(db.url, 'postgres');
    } finally {
      await db.drop();
    }
  }
}
