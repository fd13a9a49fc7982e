/**
 * A small comparison end to end on real processes (a private Redis, SQLite, `rnnlab worker`s,
 * `rnnlab compare` / `rnnlab report`): every run finishes, the report is written once even when the
 * worker running the report job is killed with -9, and the same comparison submitted again creates
 * nothing new.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redisSuite } from './testing/redis-suite';
import type { ExperimentReport } from '@rnnlab/contracts';
import { connectRedis, RunQueue } from '@rnnlab/queue';
import { openStore } from '@rnnlab/store';
import { cliBin as cli, runNode as run, waitFor } from './testing/fleet-harness';

const suite = redisSuite('rnnlab-compare-');
const procs = suite.procs;

const COMPARE = ['compare', '--task', 'adding', '--seq-len', '10', '--size', '2000', '--hidden', '12', '--batch', '32', '--steps', '60', '--lr', '0.01', '--eval-every', '20', '--diag-every', '0', '--cells', 'rnn,lstm,gru', '--seeds', '3', '--json'];

describe.skipIf(!suite.available)('rnnlab compare', () => {
  it('runs every cell x seed, writes the report once though its worker is killed, and a second submission is the same experiment', async () => {
    const db = `sqlite:${join(suite.tmp(), 'compare.db')}`;
    const env = { ...process.env, REDIS_URL: suite.redis()?.url, DATABASE_URL: db, RNNLAB_QUEUE_PREFIX: `c${Date.now()}`, RNNLAB_SUPERVISED: '1' };
    const store = await openStore(db);
    const conn = connectRedis(suite.redis()?.url as string, 'worker');
    const queue = new RunQueue(conn, { prefix: env.RNNLAB_QUEUE_PREFIX });
    try {
      // the runs first, on workers that take no report job
      procs.startWorker(env, ['--queues', 'train,prepare']);
      procs.startWorker(env, ['--queues', 'train,prepare']);
      const sub = await run(cli, COMPARE, env);
      expect(sub.code, sub.stderr).toBe(0);
      const { experimentId, runIds } = JSON.parse(sub.stdout.trim().split('\n').at(-1) as string) as { experimentId: string; runIds: string[] };
      expect(experimentId).toMatch(/^x-[0-9a-f]{16}$/);
      expect(runIds).toHaveLength(9);
      const waited = await run(cli, ['wait', ...runIds, '--timeout', '240'], env, 260_000);
      expect(waited.code, waited.stdout).toBe(0);
      const runs = await Promise.all(runIds.map((id) => store.getRun(id)));
      expect(runs.every((r) => r?.experimentId === experimentId && r.status === 'succeeded')).toBe(true);
      expect(new Set(runs.map((r) => r?.preparedDatasetId)).size).toBe(1); // one dataset for all nine
      expect(await queue.reportState(experimentId)).not.toBe('unknown'); // waiting for a report worker

      // a report worker, killed with -9 while it holds the report job
      const victim = procs.startWorker(env, ['--queues', 'report']);
      await waitFor('the report job to go active', async () => (await queue.reportState(experimentId)) === 'active', 60_000, 5);
      victim.child.kill('SIGKILL');
      await victim.exited;
      expect(await store.getExperimentReport(experimentId)).toBeNull();
      // another takes the job over once its lock expires
      procs.startWorker(env, ['--queues', 'report']);
      const stored = await waitFor('the report', () => store.getExperimentReport(experimentId), 60_000, 100);
      const report = stored.report as unknown as ExperimentReport;
      expect(report.cells.map((c) => [c.cell, c.runs, c.succeeded])).toEqual([['rnn', 3, 3], ['lstm', 3, 3], ['gru', 3, 3]]);
      expect(report.pairwise).toHaveLength(3);
      expect(report.verdict.length).toBeGreaterThan(20);
      await waitFor('the report job to complete', async () => (await queue.reportState(experimentId)) === 'completed', 30_000, 100);

      const printed = await run(cli, ['report', experimentId], env);
      expect(printed.code, printed.stderr).toBe(0);
      expect(printed.stdout).toMatch(/verdict: /);
      expect(printed.stdout).toMatch(/rnn\s+12\s+\d+\s+3\/3/);
      const md = await run(cli, ['report', experimentId, '--markdown'], env);
      expect(md.stdout).toMatch(/^### x-/);

      // the same comparison again: the same experiment and runs, nothing new in the store or Redis
      const countsBefore = await queue.countsByQueue();
      const again = await run(cli, COMPARE, env);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout.trim().split('\n').at(-1) as string)).toEqual({ experimentId, runIds });
      expect(await store.listExperiments()).toHaveLength(1);
      expect(await store.listRuns({ experimentId })).toHaveLength(9);
      expect(await queue.countsByQueue()).toEqual(countsBefore);
      expect((await store.getExperimentReport(experimentId))?.createdAt).toBe(stored.createdAt);
    } finally {
      await queue.close();
      conn.disconnect();
      await store.close();
    }
  }, 400_000);

  it('cancels an experiment as a whole: the running run stops, the queued ones are dropped, the report says so', async () => {
    const db = `sqlite:${join(suite.tmp(), 'cancel.db')}`;
    const env = { ...process.env, REDIS_URL: suite.redis()?.url, DATABASE_URL: db, RNNLAB_QUEUE_PREFIX: `k${Date.now()}`, RNNLAB_SUPERVISED: '1', RNNLAB_REPORT_RECHECK_MS: '500' };
    const store = await openStore(db);
    try {
      procs.startWorker(env, []);
      const long = ['compare', '--task', 'adding', '--seq-len', '10', '--size', '2000', '--hidden', '12', '--steps', '100000', '--eval-every', '100', '--diag-every', '0', '--cells', 'rnn,gru', '--seeds', '2', '--json'];
      const sub = await run(cli, long, env);
      expect(sub.code, sub.stderr).toBe(0);
      const { experimentId, runIds } = JSON.parse(sub.stdout.trim().split('\n').at(-1) as string) as { experimentId: string; runIds: string[] };
      await waitFor('a run to start', async () => (await store.listRuns({ experimentId })).some((r) => r.status === 'running'), 60_000, 50);
      const cancelled = await run(cli, ['cancel', experimentId, '--json'], env);
      expect(cancelled.code, cancelled.stderr).toBe(0);
      const out = JSON.parse(cancelled.stdout) as { cancelled: string[]; stopping: string[]; final: string[] };
      expect(out.stopping).toHaveLength(1);
      expect(out.cancelled).toHaveLength(3);
      const stored = await waitFor('the report', () => store.getExperimentReport(experimentId), 60_000, 100);
      const report = stored.report as unknown as ExperimentReport;
      expect(report.failures.map((f) => f.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
      expect(report.verdict).toMatch(/no run succeeded/);
      const runs = await Promise.all(runIds.map((id) => store.getRun(id)));
      expect(runs.every((r) => r?.status === 'cancelled')).toBe(true);
      // the run that was training kept its checkpoint
      expect((await store.listCheckpoints(out.stopping[0])).length).toBeGreaterThan(0);
      const bad = await run(cli, ['cancel', 'x-nothex'], env);
      expect([bad.code, bad.stderr]).toEqual([2, 'rnnlab: cancel: expected a run or experiment id like r-0123456789abcdef or x-0123456789abcdef, got "x-nothex"\n']);
    } finally {
      await store.close();
    }
  }, 200_000);
});
