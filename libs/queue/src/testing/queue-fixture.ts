/**
 * For this lib's tests: a private redis-server, a SQLite store in a temporary directory and a
 * RunQueue on a producer connection, all ended by `stop()`. Tests skip without redis-server, and
 * fail when RNNLAB_REQUIRE_SERVICES=1 (CI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunConfig, type RunConfig } from '@rnnlab/contracts';
import { redisServerAvailable, startRedisServer } from '@rnnlab/local-services';
import { openStore, type Store } from '@rnnlab/store';
import { connectRedis } from '../redis-connection';
import { RunQueue } from '../run-queue';

export interface QueueFixture {
  store: Store;
  queue: RunQueue;
  stop(): Promise<void>;
}

/** true when redis-server is here; throws when it must be (RNNLAB_REQUIRE_SERVICES=1) and is not */
export function queueTestsReady(spec: string): boolean {
  const ready = redisServerAvailable();
  if (!ready && process.env.RNNLAB_REQUIRE_SERVICES === '1') throw new Error(`${spec} needs redis-server`);
  return ready;
}

export async function startQueueFixture(name: string): Promise<QueueFixture> {
  const dir = mkdtempSync(join(tmpdir(), `rnnlab-${name}-`));
  const redis = await startRedisServer({ dir });
  const store = await openStore(`sqlite:${join(dir, 'db.sqlite')}`);
  const conn = connectRedis(redis.url, 'producer');
  await conn.connect();
  const queue = new RunQueue(conn, { prefix: 'test' });
  return {
    store,
    queue,
    async stop() {
      await queue.close();
      await conn.quit();
      await store.close();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** a small run config, one per seed */
export const smallConfig = (seed: number): RunConfig => parseRunConfig({ task: { name: 'adding', seqLen: 10 }, model: { cell: 'gru', hidden: 8 }, train: { steps: 10 }, seed });
