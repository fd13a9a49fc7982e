/**
 * The dashboard's connections, one per server process: the store (DATABASE_URL, else SQLite under
 * RNNLAB_HOME) and a producer Redis connection with its RunQueue (REDIS_URL). Cached on globalThis so
 * that Next's module reloading in development does not open a pool per request. A Redis connection
 * that has ended (the server went away) is replaced on the next use, so the dashboard recovers when
 * Redis comes back.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { connectRedis, redisUrl, RunQueue } from '@rnnlab/queue';
import { openStore, type Store } from '@rnnlab/store';
import type { Redis } from 'ioredis';

interface Cache {
  store?: Promise<Store>;
  redis?: { conn: Redis; queue: RunQueue; ready: Promise<void> };
}
const cache: Cache = ((globalThis as { __rnnlabDashboard?: Cache }).__rnnlabDashboard ??= {});

export const queuePrefix = (): string => process.env.RNNLAB_QUEUE_PREFIX ?? 'rnnlab';

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? `sqlite:${join(process.env.RNNLAB_HOME ?? join(homedir(), '.rnnlab'), 'rnnlab.db')}`;
}

/** The store; a failed open is forgotten so the next request tries again. */
export function getStore(): Promise<Store> {
  if (!cache.store) {
    cache.store = openStore(databaseUrl());
    cache.store.catch(() => (cache.store = undefined));
  }
  return cache.store;
}

/** The producer connection and queue, connected (rejects at once when Redis is down). */
export async function getQueue(): Promise<{ redis: Redis; queue: RunQueue }> {
  let r = cache.redis;
  if (!r || r.conn.status === 'end' || r.conn.status === 'close') {
    const conn = connectRedis(redisUrl(), 'producer');
    conn.on('error', () => undefined); // reported to the request that needs it
    // connect before BullMQ sees the connection (a Queue would start connecting it itself)
    const ready = conn.connect();
    r = { conn, queue: new RunQueue(conn, { prefix: queuePrefix() }), ready };
    cache.redis = r;
  }
  await r.ready;
  return { redis: r.conn, queue: r.queue };
}
