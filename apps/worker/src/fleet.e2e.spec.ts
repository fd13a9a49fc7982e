/**
 * The platform end to end, with real processes: a private Redis, the store on SQLite and on
 * PostgreSQL, two `rnnlab worker` processes, three runs submitted with `rnnlab submit`; the worker
 * training one of them is killed with -9. Every run must succeed, one resumed from its checkpoint by
 * the other worker, and its final weights must equal an uninterrupted `rnnlab train` bit for bit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerAvailable, startRedisServer, type RedisServerHandle } from '@rnnlab/local-services';
import { openStore } from '@rnnlab/store';
import { latestCheckpoint, parseCheckpoint } from '@rnnlab/trainer';
import { cliBin as cli, DIALECTS, openDialect, OwnedProcesses, runNode as run, servicesRequired as required } from './testing/fleet-harness';

let tmp: string;
let redis: RedisServerHandle | null = null;
const procs = new OwnedProcesses();

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'rnnlab-fleet-'));
  if (redisServerAvailable()) redis = await startRedisServer({ dir: join(tmp, 'redis'), appendonly: true });
  else if (required) throw new Error('redis-server is not installed (RNNLAB_REQUIRE_SERVICES=1)');
});

afterAll(async () => {
  await procs.killAll(0);
  await redis?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const startWorker = (env: NodeJS.ProcessEnv) => procs.startWorker(env);

const TRAIN = ['--task', 'adding', '--seq-len', '30', '--hidden', '32', '--batch', '32', '--steps', '2500', '--lr', '0.003', '--clip', '1', '--eval-every', '500', '--diag-every', '500', '--checkpoint-every', '250', '--seed', '7'];

describe.skipIf(!redisServerAvailable() && !required)('the fleet survives a worker killed with -9', () => {
  for (const d of DIALECTS) {
    it(`on ${d.name}`, async () => {
      const db = await openDialect(d, tmp, 'fleet');
      if (!db) return;
      const env = { ...process.env, REDIS_URL: redis?.url, DATABASE_URL: db.url, RNNLAB_QUEUE_PREFIX: `t${Date.now()}`, RNNLAB_SUPERVISED: '1' };
      const workerEnv = { ...env };
      try {
        const w1 = startWorker(workerEnv);
        const w2 = startWorker(workerEnv);
        const ids: string[] = [];
        for (const cell of ['rnn', 'lstm', 'gru']) {
          const r = await run(cli, ['submit', ...TRAIN, '--cell', cell, '--json', '--engine', 'native'], env);
          expect(r.code, r.stderr).toBe(0);
          ids.push((JSON.parse(r.stdout.trim()) as { id: string }).id);
        }
        // wait until a run has checkpointed, then kill the worker training it
        const store = await openStore(db.url);
        let victim: { runId: string; pid: number } | null = null;
        for (let i = 0; i < 600 && !victim; i++) {
          for (const id of ids) {
            const row = await store.getRun(id);
            const events = await store.listEvents(id);
            if (row?.status === 'running' && row.workerId && events.some((e) => e.kind === 'checkpoint' && (e.step ?? 0) >= 500)) {
              victim = { runId: id, pid: Number(row.workerId.split(':')[1]) };
              break;
            }
          }
          if (!victim) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(victim).not.toBeNull();
        const killedAt = Date.now();
        process.kill((victim as { pid: number }).pid, 'SIGKILL');
        expect([w1.pid, w2.pid]).toContain((victim as { pid: number }).pid);

        const waited = await run(cli, ['wait', ...ids, '--timeout', '180', '--json'], env);
        expect(waited.code, waited.stdout + waited.stderr).toBe(0);
        const runs = JSON.parse(waited.stdout.trim()) as { id: string; status: string; resumedFromStep: number | null; attempts: number }[];
        expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
        const resumed = runs.find((r) => r.id === (victim as { runId: string }).runId);
        expect(resumed?.resumedFromStep ?? 0).toBeGreaterThan(0);
        const events = await store.listEvents(resumed?.id as string);
        const takeover = events.find((e) => e.kind === 'resumed');
        console.log(`${d.name}: killed the worker of ${resumed?.id} at step >= 500; another attempt resumed from step ${resumed?.resumedFromStep} ${takeover ? ((takeover.at - killedAt) / 1000).toFixed(1) : '?'} s after the kill`);

        // the resumed run ends with exactly the weights of an uninterrupted run
        const cell = ['rnn', 'lstm', 'gru'][ids.indexOf(resumed?.id as string)];
        const local = join(tmp, `local-${d.name}`);
        const t = await run(cli, ['train', ...TRAIN, '--cell', cell, '--engine', 'native', '--threads', '1', '--checkpoint-dir', local, '--json'], env);
        expect(t.code, t.stderr).toBe(0);
        const want = (await latestCheckpoint(local))?.checkpoint;
        const [newest] = await store.listCheckpoints(resumed?.id as string);
        const stored = await store.loadCheckpoint(resumed?.id as string, newest.step);
        const got = parseCheckpoint(new TextDecoder().decode(stored?.data), 'store');
        expect(got.step).toBe(2500);
        // base64 of the float32 bytes: equal strings are equal bits
        for (const [name, w] of Object.entries(want?.weights ?? {})) expect(got.weights[name]?.b64, name).toBe(w.b64);
        await store.close();
      } finally {
        await procs.killAll();
        await db.drop();
      }
    });
  }
});
