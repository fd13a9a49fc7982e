/**
 * The faults of RELIABILITY.md's table, injected into real processes (`rnnlab worker`, `rnnlab
 * submit / wait / cancel`) over a private Redis and the store on SQLite and on PostgreSQL; each
 * test asserts what a user relies on, not how the platform gets there:
 * 1. SIGTERM to a worker mid-run: checkpoint, job released (no attempt used, no stall), the worker
 *    exits within its deadline, another worker resumes the run and it succeeds.
 * 2. `kill -9` of the sandboxed training child only: the job is retried from its checkpoint and
 *    succeeds; the worker lives on and its next run is unaffected.
 * 3. Redis restarted without persistence: the reconciler re-enqueues from the database what Redis
 *    lost; with AOF nothing is lost and nothing needs re-enqueueing. Every run succeeds.
 * 4. The same submission twice (one after the other, and at the same time): one run, one job.
 * 5. Bad input: a bad config exits 2 with one line and writes nothing; a bad payload put straight into
 *    the queue fails at once as unrecoverable, and the worker goes on.
 * 6. Cancel from another process: a running run ends cancelled with its checkpoint kept; a queued
 *    one is cancelled at once and its job removed.
 * 7. A corrupt newest checkpoint: the resume falls back to the older one, says so, and succeeds.
 * Each test has its own queue prefix and database (its own Redis where it restarts Redis); every
 * wait has a deadline; times are printed, never asserted beyond safety bounds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type TrainJobData } from '@rnnlab/contracts';
import { redisServerAvailable, startRedisServer, type RedisServerHandle } from '@rnnlab/local-services';
import { connectRedis, reconcile, RunQueue, TRAIN_ATTEMPTS } from '@rnnlab/queue';
import { openStore, type RunEvent, type Store } from '@rnnlab/store';
import { parseCheckpoint } from '@rnnlab/trainer';
import {
  childPids,
  DIALECTS,
  openDialect,
  OwnedProcesses,
  runCli,
  servicesRequired,
  waitFor,
  workerPid,
  type Dialect,
  type TestDatabase,
  type WorkerProcess,
} from './testing/fleet-harness';

// a tiny model: a run of a few thousand steps lasts a few seconds on one thread
const TINY = ['--task', 'adding', '--seq-len', '20', '--hidden', '16', '--batch', '16', '--lr', '0.003', '--clip', '1', '--eval-every', '1000', '--checkpoint-every', '250', '--engine', 'native'];
const train = (steps: number, seed: number) => [...TINY, '--steps', String(steps), '--seed', String(seed)];
/** `args` with `flag` set to `value`: replaced where it is given (a flag given twice is its own error), else added */
const withFlag = (args: string[], flag: string, value: string) => {
  const i = args.indexOf(flag);
  return i < 0 ? [...args, flag, value] : [...args.slice(0, i + 1), value, ...args.slice(i + 2)];
};

let tmp: string;
let sharedRedis: RedisServerHandle | null = null;
const procs = new OwnedProcesses();
/** what the current test opened: closed after it, whatever happened */
let cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'rnnlab-faults-'));
  if (redisServerAvailable()) sharedRedis = await startRedisServer({ dir: join(tmp, 'redis-shared'), appendonly: true });
  else if (servicesRequired) throw new Error('redis-server is not installed (RNNLAB_REQUIRE_SERVICES=1)');
});

afterEach(async () => {
  await procs.killAll();
  // newest first: a store or connection closes before the server or database under it goes
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups = [];
});

afterAll(async () => {
  await procs.killAll(0);
  await sharedRedis?.stop();
  await rm(tmp, { recursive: true, force: true });
});

interface Fixture {
  env: NodeJS.ProcessEnv;
  db: TestDatabase;
  store: Store;
  redis: Redis;
  queue: RunQueue;
  prefix: string;
}

let fixtures = 0;
/** A fresh database of dialect `d` and a fresh queue prefix on `redisUrl`; null when `d` is not reachable. */
async function fixture(d: Dialect, redisUrl: string): Promise<Fixture | null> {
  const name = `faults-${++fixtures}`;
  const db = await openDialect(d, tmp, name);
  if (!db) return null;
  cleanups.push(() => db.drop());
  const prefix = `t${Date.now()}-${fixtures}`;
  const store = await openStore(db.url);
  cleanups.push(() => store.close());
  // the worker role: reconnects across a Redis restart, like the workers under test
  const redis = connectRedis(redisUrl, 'worker');
  const queue = new RunQueue(redis, { prefix });
  cleanups.push(async () => {
    await queue.close();
    redis.disconnect();
  });
  const env = { ...process.env, REDIS_URL: redisUrl, DATABASE_URL: db.url, RNNLAB_QUEUE_PREFIX: prefix, RNNLAB_SUPERVISED: '1' };
  return { env, db, store, redis, queue, prefix };
}

/** A worker of this fixture, once it is ready to take jobs. */
async function readyWorker(f: Fixture, args: string[] = []): Promise<WorkerProcess> {
  const w = procs.startWorker(f.env, args);
  await waitFor(`worker ${w.pid} to be ready (output: ${w.output()})`, async () => {
    if (!w.alive()) throw new Error(`worker ${w.pid} exited before it was ready:\n${w.output()}`);
    return /^rnnlab worker \S+: \d+ job/m.test(w.output());
  }, 60_000);
  return w;
}

async function submit(f: Fixture, args: string[]): Promise<{ id: string; created: boolean }> {
  const r = await runCli(['submit', ...args, '--json'], f.env, 60_000);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim()) as { id: string; created: boolean };
}

interface RunJson {
  id: string;
  status: string;
  attempts: number;
  resumedFromStep: number | null;
  failureReason: string | null;
}

/** `rnnlab wait IDS --json`: the runs once all are final (or the timeout passed). */
async function waitRuns(f: Fixture, ids: string[], timeoutS = 60): Promise<{ code: number | null; runs: RunJson[] }> {
  const r = await runCli(['wait', ...ids, '--timeout', String(timeoutS), '--json'], f.env, (timeoutS + 30) * 1000);
  expect(r.stdout.trim(), r.stderr).not.toBe('');
  return { code: r.code, runs: JSON.parse(r.stdout.trim()) as RunJson[] };
}

/** The run's timeline once `pred` holds for it (polling the store). */
function waitForEvents(f: Fixture, runId: string, what: string, pred: (events: RunEvent[]) => boolean, timeoutMs = 60_000): Promise<RunEvent[]> {
  return waitFor(`${what} (run ${runId})`, async () => {
    const events = await f.store.listEvents(runId);
    return pred(events) && events;
  }, timeoutMs);
}

/** Wait until the run is running and has written a checkpoint; returns the pid of its worker. */
async function runningWithCheckpoint(f: Fixture, runId: string, minCheckpoints = 1): Promise<number> {
  return waitFor(`run ${runId} to run and checkpoint ${minCheckpoints} time(s)`, async () => {
    const row = await f.store.getRun(runId);
    if (row?.status !== 'running' || !row.workerId) return null;
    const events = await f.store.listEvents(runId);
    return events.filter((e) => e.kind === 'checkpoint').length >= minCheckpoints && workerPid(row.workerId);
  }, 60_000, 20);
}

const timeline = (events: RunEvent[]) => events.map((e) => `#${e.attempt} ${e.kind}${e.step === null ? '' : `@${e.step}`}${e.message ? ` (${e.message})` : ''}`).join('\n');
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

describe.skipIf(!redisServerAvailable() && !servicesRequired)('faults from RELIABILITY.md', () => {
  for (const d of DIALECTS) {
    describe(`on ${d.name}`, () => {
      it('SIGTERM mid-run: checkpoint, release, exit within the deadline; another worker resumes it', async () => {
        const f = await fixture(d, sharedRedis?.url as string);
        if (!f) return;
        const shutdownMs = 15_000;
        const workers = [await readyWorker(f, ['--shutdown-ms', String(shutdownMs)]), await readyWorker(f, ['--shutdown-ms', String(shutdownMs)])];
        const { id } = await submit(f, train(6000, 11));
        const pid = await runningWithCheckpoint(f, id);
        const victim = workers.find((w) => w.pid === pid) as WorkerProcess;
        const other = workers.find((w) => w.pid !== pid) as WorkerProcess;
        expect(victim, `run ${id} is on pid ${pid}, not one of ours`).toBeDefined();

        const sigtermAt = Date.now();
        victim.child.kill('SIGTERM');
        const exit = await waitFor('the SIGTERMed worker to exit', async () => (victim.alive() ? null : victim.exited), shutdownMs + 15_000);
        // exit code 0: it finished its shutdown before its own deadline (which exits 1)
        expect(exit.code, victim.output()).toBe(0);
        const events = await waitForEvents(f, id, 'the other worker to resume it', (es) => es.some((e) => e.kind === 'resumed'));
        const released = events.find((e) => e.kind === 'released');
        expect(released, timeline(events)).toBeDefined();
        const { code, runs } = await waitRuns(f, [id]);
        expect(code, JSON.stringify(runs)).toBe(0);
        const [run] = runs;
        expect(run.status).toBe('succeeded');
        // resumed from exactly the checkpoint written at shutdown: nothing lost
        expect(run.resumedFromStep).toBe(released?.step);
        expect(run.resumedFromStep ?? 0).toBeGreaterThan(0);
        // the run row counts both starts (the released one and the one that finished); the release
        // used none of the job's retries and was not a stall
        expect(run.attempts).toBe(2);
        expect((await f.queue.queue.getJob(id))?.attemptsMade ?? 0).toBeLessThanOrEqual(1); // the completion itself
        const all = await f.store.listEvents(id);
        expect(all.filter((e) => e.kind === 'stalled'), timeline(all)).toEqual([]);
        expect(all.filter((e) => e.kind === 'attempt-failed'), timeline(all)).toEqual([]);
        const job = await f.queue.queue.getJob(id);
        expect(job?.stalledCounter ?? 0).toBe(0);
        expect(workerPid((await f.store.getRun(id))?.workerId as string)).toBe(other.pid);
        const resumed = all.find((e) => e.kind === 'resumed') as RunEvent;
        console.log(`${d.name} SIGTERM: worker exited ${secs(exit.at - sigtermAt)} after SIGTERM (deadline ${secs(shutdownMs)}); released at step ${released?.step}; the other worker resumed it ${secs(resumed.at - sigtermAt)} after SIGTERM`);
      });

      it('SIGTERM just as a job goes active (its child still starting): the job is released, not trained to the end', async () => {
        const f = await fixture(d, sharedRedis?.url as string);
        if (!f) return;
        const w = await readyWorker(f);
        const { id } = await submit(f, train(6000, 12));
        await waitFor(`job ${id} to go active`, async () => (await f.queue.state(id)) === 'active', 30_000, 5);
        const sigtermAt = Date.now();
        w.child.kill('SIGTERM');
        const exit = await w.exited;
        expect(exit.code, w.output()).toBe(0);
        const events = await f.store.listEvents(id);
        // the abort reached the training although it came before the processor listened for it
        expect(events.find((e) => e.kind === 'released'), timeline(events)).toBeDefined();
        expect((await f.store.getRun(id))?.status).not.toBe('succeeded');
        expect(['waiting', 'prioritized']).toContain(await f.queue.state(id));
        console.log(`${d.name} SIGTERM at job start: worker exited ${secs(exit.at - sigtermAt)} after it, run released at step ${events.find((e) => e.kind === 'released')?.step}`);
        // and it is not lost: the next worker trains it
        await readyWorker(f);
        const { code, runs } = await waitRuns(f, [id]);
        expect(code, JSON.stringify(runs)).toBe(0);
        expect(runs[0].attempts).toBe(2); // started twice: released, then finished
        expect((await f.queue.queue.getJob(id))?.attemptsMade ?? 0).toBeLessThanOrEqual(1); // the completion itself
      });

      it('kill -9 of the sandboxed child: the job is retried and succeeds; the worker goes on', async () => {
        const f = await fixture(d, sharedRedis?.url as string);
        if (!f) return;
        const w = await readyWorker(f);
        const { id } = await submit(f, train(6000, 21));
        expect(await runningWithCheckpoint(f, id)).toBe(w.pid);
        // the training child: the one its `started` event names, among the worker's children (the
        // prepare job ran in another one)
        const started = (await f.store.listEvents(id)).filter((e) => e.kind === 'started').at(-1);
        const trainer = Number(/process (\d+)/.exec(started?.message ?? '')?.[1]);
        expect(await childPids(w.pid), `the training child ${trainer} is the worker's`).toContain(trainer);
        const killedAt = Date.now();
        process.kill(trainer, 'SIGKILL');

        const { code, runs } = await waitRuns(f, [id]);
        expect(code, JSON.stringify(runs)).toBe(0);
        expect(runs[0].status).toBe('succeeded');
        // a second attempt, resumed from the checkpoint the killed child had written
        expect(runs[0].attempts).toBe(2);
        expect(runs[0].resumedFromStep ?? 0).toBeGreaterThan(0);
        const events = await f.store.listEvents(id);
        const retried = events.find((e) => e.kind === 'started' && e.attempt === 2) as RunEvent;
        expect(retried, timeline(events)).toBeDefined();
        // the timeline says why attempt 1 ended, though its process could not
        expect(events.find((e) => e.kind === 'attempt-failed' && e.attempt === 1)?.message ?? '', timeline(events)).toMatch(/SIGKILL/);
        expect(w.alive(), w.output()).toBe(true);
        const newKids = await childPids(w.pid);
        expect(newKids).not.toContain(trainer);
        // attempt 2 ran in a new child
        expect(retried.message).not.toContain(`process ${trainer}`);

        // the next run on the same worker is unaffected
        const next = await submit(f, train(1500, 22));
        const after = await waitRuns(f, [next.id]);
        expect(after.code, JSON.stringify(after.runs)).toBe(0);
        expect(after.runs[0]).toMatchObject({ status: 'succeeded', attempts: 1, resumedFromStep: null });
        expect(workerPid((await f.store.getRun(next.id))?.workerId as string)).toBe(w.pid);
        expect(w.alive(), w.output()).toBe(true);
        console.log(`${d.name} child kill -9: attempt 2 started ${secs(retried.at - killedAt)} after the kill, resumed from step ${runs[0].resumedFromStep}`);
      });

      for (const appendonly of [false, true]) {
        it(`Redis restarted ${appendonly ? 'with AOF: nothing is lost' : 'without persistence: the reconciler re-enqueues what it lost'}`, async () => {
          const redis = await startRedisServer({ dir: join(tmp, `redis-${d.name}-${appendonly ? 'aof' : 'none'}`), appendonly });
          cleanups.push(() => redis.stop());
          const f = await fixture(d, redis.url);
          if (!f) return;
          await readyWorker(f, ['--reconcile-ms', '1000']);
          const ids: string[] = [];
          for (const seed of [31, 32, 33]) ids.push((await submit(f, train(2500, seed))).id);
          await runningWithCheckpoint(f, ids[0]);
          const queuedAtRestart: string[] = [];
          for (const id of ids) if ((await f.store.getRun(id))?.status === 'queued') queuedAtRestart.push(id);
          expect(queuedAtRestart.length, 'one worker: the later runs wait').toBeGreaterThan(0);

          const restartAt = Date.now();
          await redis.restart();
          const jobsAfter = Object.values(await f.queue.counts()).reduce((a, b) => a + b, 0);
          const { code, runs } = await waitRuns(f, ids);
          expect(code, JSON.stringify(runs)).toBe(0);
          expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
          const requeued = new Map<string, RunEvent>();
          for (const id of ids) {
            const e = (await f.store.listEvents(id)).find((ev) => ev.kind === 'requeued');
            if (e) requeued.set(id, e);
          }
          if (appendonly) {
            // the AOF brought every job back: nothing needed the reconciler (it failed twice under a loaded CI
            // before the reconciler's grace period: a round between a submit's row and its job re-enqueued
            // the run; the details say which run, whether it was queued at the restart, and when)
            const details = [...requeued.entries()].map(([id, e]) => ({ id, queuedAtRestart: queuedAtRestart.includes(id), msAfterRestart: e.at - restartAt, attempt: e.attempt, jobsAfter }));
            expect(details).toEqual([]);
          } else {
            // every run that was waiting in the lost Redis came back from the database
            for (const id of queuedAtRestart) expect(requeued.has(id), `run ${id} was queued at the restart`).toBe(true);
          }
          const firstRequeue = Math.min(...[...requeued.values()].map((e) => e.at));
          const finished = Math.max(...(await Promise.all(ids.map(async (id) => (await f.store.getRun(id))?.finishedAt ?? 0))));
          console.log(
            `${d.name} Redis restart ${appendonly ? 'with AOF' : 'without AOF'}: ${jobsAfter} job(s) in Redis right after it; ${requeued.size} run(s) re-enqueued` +
              `${requeued.size ? ` (first ${secs(firstRequeue - restartAt)} after the restart)` : ''}; all ${ids.length} done ${secs(finished - restartAt)} after it`,
          );
        });
      }

      it('the same submission twice is one run and one job', async () => {
        const f = await fixture(d, sharedRedis?.url as string);
        if (!f) return;
        const first = await submit(f, train(1000, 41));
        const again = await submit(f, train(1000, 41));
        expect(first.created).toBe(true);
        expect(again).toMatchObject({ id: first.id, created: false });
        // two at the same time: one of them creates it
        const both = await Promise.all([submit(f, train(1000, 42)), submit(f, train(1000, 42))]);
        expect(both[0].id).toBe(both[1].id);
        expect(both.map((b) => b.created).sort()).toEqual([false, true]);

        const rows = await f.store.listRuns({});
        expect(rows.map((r) => r.id).sort()).toEqual([first.id, both[0].id].sort());
        const counts = await f.queue.counts();
        expect(Object.values(counts).reduce((a, b) => a + b, 0), JSON.stringify(counts)).toBe(2);
        // and one prepare job per run, which its train job waits for (no worker runs here)
        const prepares = (await f.queue.countsByQueue()).prepare;
        expect(Object.values(prepares).reduce((a, b) => a + b, 0), JSON.stringify(prepares)).toBe(2);
        for (const id of [first.id, both[0].id]) {
          expect(await f.queue.state(id)).toBe('waiting-children');
          expect((await f.store.listEvents(id)).filter((e) => e.kind === 'queued')).toHaveLength(1);
        }
      });

      it('a worker killed with -9 leaves no process behind: idle children exit, a training one checkpoints first', async () => {
        const f = await fixture(d, sharedRedis?.url as string);
        if (!f) return;
        const w = await readyWorker(f);
        // one finished run leaves idle children (BullMQ keeps them for the next jobs) ...
        const done = await submit(f, train(200, 31));
        expect((await waitRuns(f, [done.id])).code).toBe(0);
        // ... and a second one is training when the worker dies
        const { id } = await submit(f, train(6000, 32));
        await runningWithCheckpoint(f, id);
        const kids = await childPids(w.pid);
        expect(kids.length, 'a prepare child and a train child').toBeGreaterThanOrEqual(2);
        w.child.kill('SIGKILL');
        await w.exited;
        const alive = (pid: number) => {
          try {
            process.kill(pid, 0);
            return true;
          } catch {
            return false;
          }
        };
        await waitFor(`the children ${kids.join(', ')} of the killed worker to exit`, async () => kids.every((pid) => !alive(pid)), 20_000, 100);
        const events = await f.store.listEvents(id);
        expect(events.find((e) => e.kind === 'orphaned'), `${timeline(events)}\n${w.output()}\n${timeline(await f.store.listEvents(done.id))}`).toBeDefined();
      });

      it('a bad config exits 2 with one line and writes nothing', async () => {
        const f = await fixture(d, sharedRedis?.url as string);
        if (!f) return;
        const bad: [string, string, RegExp][] = [
          ['--hidden', '0', /--hidden.*positive/],
          ['--lag', '5', /--lag.*copy/], // applies to the copy task only
          ['--lr', 'NaN', /--lr.*positive/],
        ];
        for (const [flag, value, says] of bad) {
          const r = await runCli(['submit', ...withFlag(train(1000, 51), flag, value), '--json'], f.env, 60_000);
          expect(r.code, `${flag} ${value}: ${r.stderr}`).toBe(2);
          expect(r.stdout).toBe('');
          const lines = r.stderr.trim().split('\n');
          expect(lines, r.stderr).toHaveLength(1);
          expect(lines[0]).toMatch(/^rnnlab: /);
          expect(lines[0]).toMatch(says);
        }
        expect(await f.store.listRuns({})).toEqual([]);
        // no job, id counter, event or marker: only the meta key the test's own queue handle writes
        expect((await f.redis.keys(`${f.prefix}:*`)).filter((k) => !k.endsWith(':meta'))).toEqual([]);
      });

      it('a bad job payload fails at once as unrecoverable, and the worker goes on', async () => {
        const f = await fixture(d, sharedRedis?.url as string);
        if (!f) return;
        const w = await readyWorker(f);
        const retries = { attempts: TRAIN_ATTEMPTS, backoff: { type: 'fixed', delay: 200 } };
        // not a payload at all, and a well-formed one naming a run the database does not have
        await f.queue.queue.add('train', { runId: 'nope' } as unknown as TrainJobData, { jobId: 'bad-payload', ...retries });
        const config = parseRunConfig({ task: { name: 'adding', seqLen: 20 }, model: { cell: 'gru', hidden: 16 }, train: { steps: 100, batch: 16 } });
        await f.queue.queue.add('train', { runId: 'r-0000000000000000', config }, { jobId: 'r-0000000000000000', ...retries });
        for (const [jobId, reason] of [['bad-payload', /bad train job payload: runId/], ['r-0000000000000000', /not in the database/]] as const) {
          await waitFor(`job ${jobId} to fail`, async () => (await f.queue.state(jobId)) === 'failed', 30_000);
          // read the job after it failed (a job object read before holds the state of then)
          const job = await f.queue.queue.getJob(jobId);
          if (!job) throw new Error(`job ${jobId} is gone`);
          // failed on its first attempt, and never retried
          expect(job.attemptsMade).toBeLessThanOrEqual(1);
          expect(job.failedReason).toMatch(reason);
        }
        expect(w.alive(), w.output()).toBe(true);
        const good = await submit(f, train(1000, 52));
        const { code, runs } = await waitRuns(f, [good.id]);
        expect(code, JSON.stringify(runs)).toBe(0);
        expect(w.alive(), w.output()).toBe(true);
      });

      it('cancel from another process: a running run ends cancelled with its checkpoint kept', async () => {
        const f = await fixture(d, sharedRedis?.url as string);
        if (!f) return;
        const w = await readyWorker(f);
        const { id } = await submit(f, train(6000, 61));
        await runningWithCheckpoint(f, id);
        const cancelAt = Date.now();
        const c = await runCli(['cancel', id], f.env, 60_000);
        expect(c.code, c.stderr).toBe(0);
        const { code, runs } = await waitRuns(f, [id]);
        expect(code).toBe(1); // not succeeded
        expect(runs[0].status).toBe('cancelled');
        const row = await f.store.getRun(id);
        expect(row?.finalMetrics).toBeNull();
        const [newest] = await f.store.listCheckpoints(id);
        expect(newest, 'its last checkpoint is kept').toBeDefined();
        const stored = await f.store.loadCheckpoint(id, newest.step);
        const ck = parseCheckpoint(new TextDecoder().decode(stored?.data), 'store');
        expect(ck.step).toBeGreaterThan(0);
        expect(ck.step).toBeLessThan(6000);
        const events = await f.store.listEvents(id);
        const cancelled = events.find((e) => e.kind === 'cancelled') as RunEvent;
        expect(cancelled, timeline(events)).toBeDefined();
        expect(cancelled.step).toBe(ck.step);
        expect(await f.queue.state(id)).toBe('completed');
        expect(w.alive(), w.output()).toBe(true);
        console.log(`${d.name} cancel: the running run ended cancelled ${secs((row?.finishedAt ?? 0) - cancelAt)} after \`rnnlab cancel\` started; its checkpoint at step ${ck.step} is kept`);
      });

      it('cancel from another process: a queued run is cancelled at once and its job removed', async () => {
        const f = await fixture(d, sharedRedis?.url as string);
        if (!f) return;
        const { id } = await submit(f, train(1000, 62));
        // queued: its train job waits for its prepare job (no worker runs here)
        expect(await f.queue.state(id)).toBe('waiting-children');
        const c = await runCli(['cancel', id, '--json'], f.env, 60_000);
        expect(c.code, c.stderr).toBe(0);
        expect((JSON.parse(c.stdout.trim()) as RunJson).status).toBe('cancelled');
        expect((await f.store.getRun(id))?.status).toBe('cancelled');
        expect(await f.queue.state(id)).toBe('unknown');
        // its prepare job went with it
        for (const c of Object.values(await f.queue.countsByQueue())) expect(Object.values(c).reduce((a, b) => a + b, 0), JSON.stringify(c)).toBe(0);
        // and no reconciler brings it back
        expect(await reconcile(f.store, f.queue)).toEqual([]);
      });

      it('a corrupt newest checkpoint: the run resumes from the older one, says so, and succeeds', async () => {
        const f = await fixture(d, sharedRedis?.url as string);
        if (!f) return;
        const first = await readyWorker(f);
        const { id } = await submit(f, train(6000, 71));
        await runningWithCheckpoint(f, id, 2);
        first.child.kill('SIGTERM');
        expect((await first.exited).code, first.output()).toBe(0);
        const kept = await f.store.listCheckpoints(id);
        expect(kept.map((k) => k.step)).toHaveLength(2);
        const [newest, older] = kept;
        await corruptCheckpoint(d, f.db.url, id, newest.step);
        await expect(f.store.loadCheckpoint(id, newest.step)).rejects.toThrow(/corrupt/);

        await readyWorker(f);
        const { code, runs } = await waitRuns(f, [id]);
        expect(code, JSON.stringify(runs)).toBe(0);
        expect(runs[0].status).toBe('succeeded');
        expect(runs[0].resumedFromStep).toBe(older.step);
        const events = await f.store.listEvents(id);
        const warning = events.find((e) => e.kind === 'warning');
        expect(warning?.message ?? '', timeline(events)).toMatch(new RegExp(`step ${newest.step}\\b.*corrupt`));
        console.log(`${d.name} corrupt checkpoint: skipped step ${newest.step}, resumed from step ${older.step}`);
      });
    });
  }
});

/** Flip one byte in the middle of a stored checkpoint, behind the store's back (its hash stays). */
async function corruptCheckpoint(d: Dialect, url: string, runId: string, step: number): Promise<void> {
  const flip = (data: Buffer) => {
    const copy = Buffer.from(data);
    copy[copy.length >> 1] ^= 0xff;
    return copy;
  };
  if (d.name === 'SQLite') {
    const db = new Database(url.replace(/^sqlite:/, ''));
    try {
      db.pragma('busy_timeout = 5000');
      const row = db.prepare('select data from checkpoints where run_id = ? and step = ?').get(runId, step) as { data: Buffer };
      const r = db.prepare('update checkpoints set data = ? where run_id = ? and step = ?').run(flip(row.data), runId, step);
      expect(r.changes).toBe(1);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ data: Buffer }>('select data from checkpoints where run_id = $1 and step = $2', [runId, step]);
    const r = await client.query('update checkpoints set data = $1 where run_id = $2 and step = $3', [flip(rows[0].data), runId, step]);
    expect(r.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}
