/**
 * Planning through the queue end to end on real processes (a private Redis, SQLite, an `rnnlab
 * worker --queues plan` that trains nothing): what the dashboard will do to queue a comparison or a
 * run without loading the models. The worker plans and submits as `rnnlab compare` / `rnnlab submit`
 * would (the CLI then finds the same experiment), a refused request comes back by field, the same
 * request twice is the same experiment, and with no worker the request times out saying so.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanRequestInput } from '@rnnlab/contracts';
import { connectRedis, PlanTimeoutError, requestPlan, RunQueue } from '@rnnlab/queue';
import { openStore } from '@rnnlab/store';
import { redisSuite } from './testing/redis-suite';
import { cliBin as cli, runNode as run, waitFor } from './testing/fleet-harness';

const suite = redisSuite('rnnlab-plan-');
const procs = suite.procs;

/** `rnnlab compare --task adding --seq-len 10 --size 2000 --hidden 12 --steps 60 --eval-every 20 --diag-every 0 --cells rnn,lstm,gru --seeds 2` as a request */
const COMPARE: PlanRequestInput = {
  kind: 'compare',
  base: { task: { name: 'adding', seqLen: 10, size: 2000 }, model: { hidden: 12 }, train: { steps: 60, evalEvery: 20, diagEvery: 0 } },
  cells: ['rnn', 'lstm', 'gru'],
  seeds: 2,
  match: 'hidden',
};
const COMPARE_ARGS = ['compare', '--task', 'adding', '--seq-len', '10', '--size', '2000', '--hidden', '12', '--steps', '60', '--eval-every', '20', '--diag-every', '0', '--cells', 'rnn,lstm,gru', '--seeds', '2', '--json'];

/** a producer's connection, as the dashboard and the CLI open it (fails fast, never blocks) */
async function producer(url: string) {
  const redis = connectRedis(url, 'producer');
  await redis.connect();
  return redis;
}

describe.skipIf(!suite.available)('requestPlan', () => {
  it('plans and submits on a worker: a comparison, a run, field errors, the same request twice', async () => {
    const url = suite.redis()?.url as string;
    const db = `sqlite:${join(suite.tmp(), 'plan.db')}`;
    const env = { ...process.env, REDIS_URL: url, DATABASE_URL: db, RNNLAB_QUEUE_PREFIX: `p${Date.now()}` };
    const store = await openStore(db);
    const redis = await producer(url);
    const queue = new RunQueue(redis, { prefix: env.RNNLAB_QUEUE_PREFIX });
    try {
      const w = procs.startWorker(env, ['--queues', 'plan']);
      await waitFor(`the worker to be ready (output: ${w.output()})`, async () => /^rnnlab worker \S+: 0 job\(s\) at a time.*takes plan jobs/m.test(w.output()), 60_000);

      const first = await requestPlan(queue, COMPARE, { timeoutMs: 60_000 });
      if (!first.ok) throw new Error(JSON.stringify(first.errors));
      expect(first).toMatchObject({ ok: true, created: true, name: 'adding: rnn vs lstm vs gru x 2 seeds' });
      expect(first.experimentId).toMatch(/^x-[0-9a-f]{16}$/);
      expect(first.runIds).toHaveLength(6);
      expect((await store.getExperiment(first.experimentId as string))?.name).toBe(first.name);
      const runs = await store.listRuns({ experimentId: first.experimentId as string });
      expect(runs.map((r) => r.id).sort()).toEqual([...first.runIds].sort());
      expect(runs.map((r) => `${r.cell}:${r.seed}:${r.status}`).sort()).toEqual(['gru:1:queued', 'gru:2:queued', 'lstm:1:queued', 'lstm:2:queued', 'rnn:1:queued', 'rnn:2:queued']);
      // their jobs wait for a worker that trains (this one does not)
      expect((await queue.countsByQueue()).train.waiting + (await queue.countsByQueue()).train['waiting-children']).toBe(6);

      // the same request again (its first job finished): planned again, the same experiment, nothing new
      const again = await requestPlan(queue, COMPARE, { timeoutMs: 60_000 });
      expect(again).toEqual({ ...first, created: false });
      // and the same comparison from the CLI is that experiment too
      const fromCli = await run(cli, COMPARE_ARGS, env);
      expect(fromCli.code, fromCli.stderr).toBe(0);
      expect(JSON.parse(fromCli.stdout.trim().split('\n').at(-1) as string)).toEqual({ experimentId: first.experimentId, runIds: first.runIds });
      expect(await store.listExperiments()).toHaveLength(1);

      // refused by the worker's planner: the field to change, not a failed job
      const gap = await requestPlan(queue, { ...COMPARE, base: { task: { name: 'adding', seqLen: 10 }, model: { hidden: 6 } }, cells: ['rnn', 'lstm'], match: 'params' });
      expect(gap).toEqual({ ok: false, errors: [{ path: 'model.hidden', message: 'the closest hidden sizes give parameter counts 3.4% apart (over 2%): raise model.hidden' }] });
      const lag = await requestPlan(queue, { kind: 'run', config: { task: { name: 'adding', lag: 5 } } });
      expect(lag).toEqual({ ok: false, errors: [{ path: 'task.lag', message: "applies to task copy only; this run's task is adding" }] });
      // refused before any job: a request that does not parse
      const countsBefore = await queue.countsByQueue();
      const bad = await requestPlan(queue, { ...COMPARE, base: { task: { name: 'adding' }, model: { hidden: 0 } } });
      expect(bad).toEqual({ ok: false, errors: [{ path: 'model.hidden', message: 'expected an integer from 1 to 8192, got 0' }] });
      expect(await queue.countsByQueue()).toEqual(countsBefore);

      // a single run: no experiment
      const single = await requestPlan(queue, { kind: 'run', config: { task: { name: 'adding', seqLen: 10 }, model: { cell: 'gru', hidden: 8 } }, priority: 70 });
      if (!single.ok) throw new Error(JSON.stringify(single.errors));
      expect(single).toMatchObject({ experimentId: null, created: true, name: 'gru on adding' });
      expect(await store.getRun(single.runIds[0])).toMatchObject({ status: 'queued', priority: 70, experimentId: null });
      expect(w.alive(), w.output()).toBe(true);
    } finally {
      await queue.close();
      await redis.quit();
      await store.close();
    }
  }, 120_000);

  it('with no worker taking plan jobs: times out saying so, leaves no job behind and closes what it opened', async () => {
    const url = suite.redis()?.url as string;
    const redis = await producer(url);
    const admin = await producer(url);
    const queue = new RunQueue(redis, { prefix: `none${Date.now()}` });
    const clients = async () => ((await admin.client('LIST')) as string).trim().split('\n').length;
    try {
      await queue.countsByQueue();
      const before = await clients();
      const at = Date.now();
      const err = await requestPlan(queue, COMPARE, { timeoutMs: 1500 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PlanTimeoutError);
      expect((err as Error).message).toBe('no worker answered the plan request within 1.5 s (is a worker running that takes plan jobs? see rnnlab fleet)');
      expect(Date.now() - at).toBeGreaterThanOrEqual(1500);
      expect(Object.values((await queue.countsByQueue()).plan).every((n) => n === 0)).toBe(true);
      await waitFor('the connections requestPlan opened to close', async () => (await clients()) === before, 10_000, 50);
    } finally {
      await queue.close();
      await redis.quit();
      await admin.quit();
    }
  }, 60_000);
});
