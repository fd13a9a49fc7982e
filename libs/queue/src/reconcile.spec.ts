import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '@rnnlab/contracts';
import { redisServerAvailable, startRedisServer, type RedisServerHandle } from '@rnnlab/local-services';
import { openStore, type Store } from '@rnnlab/store';
import { reconcile, RECONCILE_GRACE_MS } from './reconcile';
import { connectRedis } from './redis-connection';
import { RunQueue } from './run-queue';
import { runIdFor } from './run-ids';
import { submitRun } from './submit';

const required = process.env.RNNLAB_REQUIRE_SERVICES === '1';
if (!redisServerAvailable() && required) throw new Error('reconcile.spec needs redis-server');

describe.skipIf(!redisServerAvailable())('reconcile', () => {
  let dir: string;
  let redis: RedisServerHandle;
  let store: Store;
  let queue: RunQueue;
  let conn: ReturnType<typeof connectRedis>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rnnlab-reconcile-'));
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

  /** a run row with no job: what a submitter that died between the two leaves (or one that has not added it yet) */
  async function rowOnly(seed: number) {
    const c = config(seed);
    const id = runIdFor(c, null);
    return (await store.createRun({ id, experimentId: null, config: c, configHash: id, engine: 'auto' })).run;
  }

  it('leaves a queued run alone while its submitter may still be adding its job, then enqueues it', async () => {
    const run = await rowOnly(1);
    expect(await reconcile(store, queue, { now: run.createdAt + 1000 })).toEqual([]);
    expect(await queue.state(run.id)).toBe('unknown');
    expect((await store.listEvents(run.id)).map((e) => e.kind)).not.toContain('requeued');
    expect(await reconcile(store, queue, { now: run.createdAt + RECONCILE_GRACE_MS + 1 })).toEqual([run.id]);
    expect(await queue.state(run.id)).not.toBe('unknown');
    expect((await store.listEvents(run.id)).filter((e) => e.kind === 'requeued').map((e) => e.message)).toEqual(['Redis had lost its job']);
    // its job is there now: the next round leaves it
    expect(await reconcile(store, queue, { now: run.createdAt + 60_000 })).toEqual([]);
  });

  it('never touches a run whose job Redis has', async () => {
    const { run } = await submitRun(store, queue, config(2));
    expect(await reconcile(store, queue, { now: run.createdAt + 60_000 })).toEqual([]);
    expect((await store.listEvents(run.id)).map((e) => e.kind)).toEqual(['queued']);
  });
});
