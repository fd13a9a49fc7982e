/**
 * The set-up most worker e2e specs share: a temporary directory, a private redis-server in it (a
 * missing redis-server fails under RNNLAB_REQUIRE_SERVICES=1, else the spec skips), and the
 * processes the spec starts, all ended after the file. Test-only.
 * @example const suite = redisSuite('rnnlab-compare-'); … suite.redis()?.url, suite.procs.startWorker(env)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { redisServerAvailable, startRedisServer, type RedisServerHandle } from '@rnnlab/local-services';
import { OwnedProcesses, servicesRequired } from './fleet-harness';

export interface RedisSuite {
  tmp(): string;
  redis(): RedisServerHandle | null;
  readonly procs: OwnedProcesses;
  /** false: no redis-server here, and services are not required: skip */
  readonly available: boolean;
}

export function redisSuite(prefix: string, opts: { appendonly?: boolean } = {}): RedisSuite {
  let dir = '';
  let redis: RedisServerHandle | null = null;
  const procs = new OwnedProcesses();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    if (redisServerAvailable()) redis = await startRedisServer({ dir: join(dir, 'redis'), appendonly: opts.appendonly });
    else if (servicesRequired) throw new Error('redis-server is not installed (RNNLAB_REQUIRE_SERVICES=1)');
  });
  afterAll(async () => {
    await procs.killAll(0);
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return { tmp: () => dir, redis: () => redis, procs, available: redisServerAvailable() || servicesRequired };
}
