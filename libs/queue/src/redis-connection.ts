/**
 * Redis connections, by role (RELIABILITY.md rule 7): workers reconnect forever
 * (`maxRetriesPerRequest: null`, as BullMQ requires for blocking commands); producers — the CLI, the
 * dashboard — fail fast (`enableOfflineQueue: false`) so a user sees "Redis is down" at once.
 */
import { Redis } from 'ioredis';

export type RedisRole = 'worker' | 'producer';

/** The configured Redis: `REDIS_URL`, else the local default. */
export function redisUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export function connectRedis(url: string, role: RedisRole): Redis {
  if (role === 'worker') {
    return new Redis(url, {
      maxRetriesPerRequest: null,
      // back off to at most 5 s between attempts, forever
      retryStrategy: (times) => Math.min(5000, 100 * 2 ** Math.min(times, 6)),
    });
  }
  return new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3000, retryStrategy: () => null, lazyConnect: true });
}
