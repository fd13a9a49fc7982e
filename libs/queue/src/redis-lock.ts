/**
 * A lease in Redis: one holder at a time per key, for work that many workers might start at once
 * but only one should do (preparing a dataset). The holder renews it while it works; a holder that
 * dies stops renewing and the lease expires after `ttlMs`, so nobody waits forever.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** delete the key only if it still holds our token (a lease that expired and was taken is not ours) */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface Lease {
  readonly key: string;
  release(): Promise<void>;
}

/**
 * Take the lease on `key` if nobody holds it; null when somebody does. Renewed every third of
 * `ttlMs` until released.
 * @example const lease = await tryLease(redis, 'rnnlab:prepare:d-…', 30_000); if (lease) try { … } finally { await lease.release(); }
 */
export async function tryLease(redis: Redis, key: string, ttlMs: number): Promise<Lease | null> {
  const token = randomBytes(12).toString('hex');
  const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') return null;
  const renew = setInterval(() => void redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(() => undefined), Math.max(100, Math.floor(ttlMs / 3)));
  renew.unref();
  let released = false;
  return {
    key,
    async release() {
      if (released) return;
      released = true;
      clearInterval(renew);
      await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    },
  };
}
