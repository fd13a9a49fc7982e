/**
 * The data pipeline and evaluations end to end, with real processes (a private Redis, SQLite or
 * PostgreSQL, `rnnlab worker` processes, `rnnlab submit` / `rnnlab evaluate`):
 * - nine runs on the same data (3 cells x 3 seeds, one data seed) prepare it once: one prepare job
 *   tokenizes, the other eight find it stored, and every run records the same prepared dataset;
 * - a dataset that cannot be prepared fails its run with the reason, and no training starts;
 * - `rnnlab evaluate` scores a finished run's checkpoint: on its own test split it gives the test
 *   metrics training reported, on a longer sequence length other numbers, on another task an error;
 * - a worker that cannot hold a run (memory) records why and leaves it to another worker.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSuite } from './testing/redis-suite';
import { openStore, type Store } from '@rnnlab/store';
import { cliBin as cli, DIALECTS, openDialect, runNode as run, waitFor } from './testing/fleet-harness';

const suite = redisSuite('rnnlab-pipeline-');
const procs = suite.procs;

async function submit(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  const r = await run(cli, ['submit', ...args, '--json'], env);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout.trim()) as { id: string }).id;
}

async function waitAll(env: NodeJS.ProcessEnv, ids: string[]): Promise<void> {
  const r = await run(cli, ['wait', ...ids, '--timeout', '240'], env, 260_000);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
}

const NAMES = ['--task', 'names', '--hidden', '16', '--batch', '16', '--steps', '12', '--eval-every', '0', '--diag-every', '0', '--data-seed', '3'];
const ADDING = ['--task', 'adding', '--seq-len', '20', '--size', '2000', '--hidden', '16', '--batch', '32', '--lr', '0.01', '--eval-every', '50', '--diag-every', '0', '--checkpoint-every', '50'];

describe.skipIf(!suite.available)('the data pipeline and evaluations', () => {
  for (const d of DIALECTS) {
    describe(`on ${d.name}`, () => {
      let env: NodeJS.ProcessEnv;
      let store: Store;
      beforeAll(async () => {
        const db = await openDialect(d, suite.tmp(), 'pipeline');
        if (!db) return;
        env = { ...process.env, REDIS_URL: suite.redis()?.url, DATABASE_URL: db.url, RNNLAB_QUEUE_PREFIX: `p${Date.now()}${d.name}`, RNNLAB_SUPERVISED: '1' };
        store = await openStore(db.url);
        // two workers for the tests below (the refusal tests stop them and start their own)
        procs.startWorker(env);
        procs.startWorker(env);
      });
      afterAll(async () => {
        await procs.killAll();
        await store?.close();
      });

      it('prepares the data of nine runs once, and every run records it', async () => {
        if (!store) return;
        const ids: string[] = [];
        for (const seed of ['1', '2', '3']) for (const cell of ['rnn', 'lstm', 'gru']) ids.push(await submit(env, [...NAMES, '--cell', cell, '--seed', seed]));
        await waitAll(env, ids);
        const runs = await Promise.all(ids.map((id) => store.getRun(id)));
        expect(runs.map((r) => r?.status)).toEqual(Array(9).fill('succeeded'));
        const datasets = new Set(runs.map((r) => r?.preparedDatasetId));
        expect(datasets.size).toBe(1);
        const [datasetId] = [...datasets];
        expect(datasetId).toMatch(/^[0-9a-f]{64}$/);
        const messages = (await Promise.all(ids.map((id) => store.listEvents(id)))).flat().filter((e) => e.kind === 'dataset').map((e) => e.message ?? '');
        expect(messages).toHaveLength(9);
        expect(messages.filter((m) => m.startsWith('prepared in'))).toHaveLength(1);
        expect(messages.filter((m) => m.startsWith('found prepared'))).toHaveLength(8);
        expect((await store.getPreparedDataset(datasetId as string))?.config).toMatchObject({ task: { name: 'names' }, seed: 3 });
      }, 300_000);

      it('fails a run whose dataset cannot be prepared, with the reason, before training', async () => {
        if (!store) return;
        const missing = join(suite.tmp(), 'no-such-corpus.txt');
        const id = await submit(env, ['--task', 'text', '--path', missing, '--steps', '5', '--hidden', '8']);
        const r = await run(cli, ['wait', id, '--timeout', '60'], env);
        expect(r.code).toBe(1);
        const row = await store.getRun(id);
        expect(row?.status).toBe('failed');
        expect(row?.failureReason).toContain('preparing the dataset');
        expect(row?.failureReason).toContain('no-such-corpus.txt');
        expect((await store.listEvents(id)).map((e) => e.kind)).not.toContain('started');
      }, 120_000);

      it('evaluates a finished run on its test split, on a longer sequence, and refuses another task', async () => {
        if (!store) return;
        const id = await submit(env, [...ADDING, '--steps', '150', '--cell', 'gru', '--seed', '5']);
        await waitAll(env, [id]);
        const trained = await store.getRun(id);
        const own = await run(cli, ['evaluate', id, '--json'], env);
        expect(own.code, own.stderr).toBe(0);
        const ev = JSON.parse(own.stdout.trim()) as { id: string; status: string; checkpointStep: number; metrics: Record<string, number> };
        expect(ev).toMatchObject({ status: 'succeeded', checkpointStep: 150 });
        // the whole test split with the final weights: what training reported as its test metrics
        expect(ev.metrics.mse).toBeCloseTo(trained?.finalMetrics?.test.mse as number, 6);
        // asking again is the same evaluation, not computed again
        const again = await run(cli, ['evaluate', id, '--json'], env);
        expect(JSON.parse(again.stdout.trim())).toMatchObject({ id: ev.id, metrics: ev.metrics });
        expect((await store.listEvaluations(id)).map((e) => e.attempts)).toEqual([1]);

        const longer = await run(cli, ['evaluate', id, '--seq-len', '60', '--split', 'val'], env);
        expect(longer.code, longer.stderr).toBe(0);
        expect(longer.stdout).toMatch(/on the val split of another dataset \(--seq-len changed\): mse \d/);
        const evals = await store.listEvaluations(id);
        expect(evals).toHaveLength(2);
        expect(evals[1]).toMatchObject({ split: 'val', status: 'succeeded', task: { name: 'adding', seqLen: 60 } });
        expect(evals[1].metrics?.mse).not.toBe(ev.metrics.mse);

        const wrong = await run(cli, ['evaluate', id, '--lag', '5'], env);
        expect(wrong.code).toBe(2);
        expect(wrong.stderr).toMatch(/--lag/);
        expect(wrong.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }, 300_000);

      it('leaves a run it cannot hold to another worker, saying why in its timeline', async () => {
        if (!store) return;
        await procs.killAll();
        // a worker on a "small machine" refuses every run; the big one trains them, one at a time,
        // so the small one, idle meanwhile, takes some of them first
        const small = procs.startWorker({ ...env, RNNLAB_REFUSED_DELAY_MS: '300' }, ['--max-memory', '1M']);
        const big = procs.startWorker(env);
        await waitFor('both workers registered', async () => (await store.listWorkers()).filter((w) => [small.pid, big.pid].includes(Number(w.id.split(':')[1]))).length === 2, 60_000, 100);
        const ids: string[] = [];
        for (const seed of ['11', '12', '13', '14']) ids.push(await submit(env, [...ADDING, '--steps', '300', '--cell', 'lstm', '--seed', seed]));
        await waitAll(env, ids);
        const rows = await Promise.all(ids.map((id) => store.getRun(id)));
        expect(rows.map((r) => r?.status)).toEqual(Array(4).fill('succeeded'));
        expect(rows.every((r) => r?.workerId?.split(':')[1] === String(big.pid))).toBe(true);
        const refused = (await Promise.all(ids.map((id) => store.listEvents(id)))).flat().filter((e) => e.kind === 'refused');
        expect(refused.length).toBeGreaterThan(0);
        expect(refused[0].message).toMatch(/cannot hold it: this run needs about .* more than the limit of 1\.0 MB \(set by rnnlab worker --max-memory\)/);
        expect(small.alive()).toBe(true);
      }, 200_000);

      it('fails a run that every live worker refuses, saying so', async () => {
        if (!store) return;
        await procs.killAll();
        // a worker stopped with SIGTERM unregisters itself
        expect(await store.listWorkers()).toEqual([]);
        procs.startWorker(env, ['--max-memory', '1M']);
        const id = await submit(env, ['--task', 'adding', '--seq-len', '100', '--hidden', '64', '--steps', '20', '--cell', 'lstm', '--seed', '21']);
        const r = await run(cli, ['wait', id, '--timeout', '60'], env);
        expect(r.code).toBe(1);
        const row = await store.getRun(id);
        expect(row?.status).toBe('failed');
        expect(row?.failureReason).toMatch(/^no worker can hold it: refused by every live worker \(.+\); the last said: this run needs about/);
      }, 120_000);
    });
  }
});
