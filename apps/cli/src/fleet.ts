/**
 * What the fleet commands talk to: the store (DATABASE_URL, default SQLite under RNNLAB_HOME) and,
 * for commands that enqueue or relay, Redis (REDIS_URL). Producers fail fast: a Redis that is down
 * is one clear line, not a hang.
 */
import type { Redis } from 'ioredis';
import { connectRedis, redisUrl, RunQueue } from '@rnnlab/queue';
import { openStore, type Store } from '@rnnlab/store';

export interface Fleet {
  store: Store;
  /** connected on first use */
  redis(): Promise<{ redis: Redis; queue: RunQueue }>;
}

/** Open the store (and Redis when asked for), run `fn`, and close everything. */
export async function withFleet<T>(fn: (f: Fleet) => Promise<T>): Promise<T> {
  const store = await openStore(process.env.DATABASE_URL);
  let conn: { redis: Redis; queue: RunQueue } | null = null;
  const prefix = process.env.RNNLAB_QUEUE_PREFIX ?? 'rnnlab';
  try {
    return await fn({
      store,
      async redis() {
        if (conn) return conn;
        const url = redisUrl();
        const redis = connectRedis(url, 'producer');
        try {
          await redis.connect();
        } catch (e) {
          redis.disconnect();
          throw new Error(`Redis at ${url} is not reachable (${(e as Error).message}): start it (apt-get install redis-server), or set REDIS_URL`);
        }
        conn = { redis, queue: new RunQueue(redis, { prefix }) };
        return conn;
      },
    });
  } finally {
    if (conn) {
      const c = conn as { redis: Redis; queue: RunQueue };
      await c.queue.close().catch(() => undefined);
      await c.redis.quit().catch(() => undefined);
    }
    await store.close();
  }
}
