import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '@rnnlab/contracts';
import { redisServerAvailable, startRedisServer, type RedisServerHandle } from '@rnnlab/local-services';
import { openStore, type Store } from '@rnnlab/store';
import { changePriority } from './change-priority';
import { connectRedis } from './redis-connection';
import { RunQueue } from './run-queue';
import { submitRun } from './submit';

const required = process.env.RNNLAB_REQUIRE_SERVICES === '1';
if (!redisServerAvailable() && required) throw new Error('change-priority.spec needs redis-server');

describe.skipIf(!redisServerAvailable())('changePriority', () => {
  let dir: string;
  let redis: RedisServerHandle;
  let store: Store;
  let queue: RunQueue;
  let conn: ReturnType<typeof connectRedis>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rnnlab-priority-'));
    redis = await startRedisServer({ dir });
    store = await openStore(`sqlite:${join(dir, 'db.sqlite')}`);
    conn = connectRedis(redis.url, 'producer');
    await conn.connect();
    queue = new RunQueue(conn, { prefix: 'test' });
  });

  afterAll(async () => {
    await queue?.close();
    await conn?.quit();
    await store?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (seed: number) => parseRunConfig({ task: { name: 'adding', seqLen: 10 }, model: { cell: 'gru', hidden: 8 }, train: { steps: 10 }, seed });

  it('moves a waiting run ahead of the others, in the database and in Redis', async () => {
    const a = (await submitRun(store, queue, config(1), { priority: 50 })).run;
    const b = (await submitRun(store, queue, config(2), { priority: 50 })).run;
    expect((await changePriority(store, queue, b.id, 95))?.priority).toBe(95);
    expect((await store.getRun(b.id))?.priority).toBe(95);
    // BullMQ's order of the waiting train jobs: b first now (its prepare child must finish first, so
    // read the priorities of the jobs themselves)
    const jobA = await queue.queue.getJob(a.id);
    const jobB = await queue.queue.getJob(b.id);
    expect(jobB?.priority).toBeLessThan(jobA?.priority as number);
  });

  it('refuses a run that is not queued and a priority out of range', async () => {
    const c = (await submitRun(store, queue, config(3), { priority: 50 })).run;
    await store.startAttempt(c.id, { attempt: 1, host: 'h', workerId: 'w' });
    expect(await changePriority(store, queue, c.id, 80)).toBeNull();
    await expect(changePriority(store, queue, c.id, 101)).rejects.toThrow(/0 to 100/);
    await expect(changePriority(store, queue, c.id, Number.NaN)).rejects.toThrow(/0 to 100/);
  });
});
