/**
 * The private redis-server against the real binary, checked through a real client (ioredis).
 * CI installs redis-server and sets RNNLAB_REQUIRE_SERVICES=1, which makes its absence a failure;
 * elsewhere a missing redis-server skips these tests with the reason.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from './owned-child';
import { REDIS_SERVER_NOT_FOUND, redisServerAvailable, startRedisServer, type RedisServerHandle } from './redis-server';

const required = process.env.RNNLAB_REQUIRE_SERVICES === '1';
const available = redisServerAvailable();

const root = mkdtempSync(join(tmpdir(), 'rnnlab-redis-'));
let n = 0;
const freshDir = (): string => join(root, `s${++n}`);
const servers: RedisServerHandle[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(root, { recursive: true, force: true });
});

async function start(opts: { appendonly?: boolean } = {}): Promise<RedisServerHandle> {
  const s = await startRedisServer({ dir: freshDir(), ...opts });
  servers.push(s);
  return s;
}

/** A client that fails fast instead of retrying, so a dead server shows up as an error. */
async function withClient<T>(url: string, fn: (c: Redis) => Promise<T>): Promise<T> {
  const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: 2000 });
  c.on('error', () => undefined); // reported through the rejected command instead
  try {
    await c.connect();
    return await fn(c);
  } finally {
    c.disconnect();
  }
}

describe('redis-server availability', () => {
  it(required ? 'is on PATH (required here: RNNLAB_REQUIRE_SERVICES=1)' : `is reported (${available ? 'on PATH' : 'not on PATH: the Redis tests below are skipped'})`, () => {
    if (required) expect(available, REDIS_SERVER_NOT_FOUND).toBe(true);
    else expect(typeof available).toBe('boolean');
  });
});

describe('startRedisServer() arguments', () => {
  it('says how to get redis-server when it is not on PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = mkdtempSync(join(root, 'empty-path-'));
    try {
      await expect(startRedisServer({ dir: freshDir() })).rejects.toThrow(REDIS_SERVER_NOT_FOUND);
    } finally {
      process.env.PATH = saved;
    }
    expect(REDIS_SERVER_NOT_FOUND).toBe('redis-server not found: apt-get install redis-server, or set REDIS_URL');
  });

  it('names the bad option and value', async () => {
    await expect(startRedisServer({ dir: '' })).rejects.toThrow('expected opts.dir to be a directory path, got ""');
    await expect(startRedisServer({ dir: freshDir(), port: 70000 })).rejects.toThrow('expected opts.port to be an integer in 1..65535, got 70000');
    await expect(startRedisServer({ dir: freshDir(), startTimeoutMs: -1 })).rejects.toThrow('expected opts.startTimeoutMs to be a positive number of ms, got -1');
  });
});

describe.skipIf(!available)('startRedisServer() with the real redis-server', () => {
  it('starts on a free loopback port, configured as infra/redis.conf, and answers PING', async () => {
    const s = await start();
    expect(s.url).toBe(`redis://127.0.0.1:${s.port}`);
    expect(s.port).not.toBe(6379);
    expect(isProcessAlive(s.pid)).toBe(true);
    await withClient(s.url, async (c) => {
      expect(await c.ping()).toBe('PONG');
      const info = await c.info('server');
      expect(info).toMatch(new RegExp(`^process_id:${s.pid}\\r?$`, 'm'));
      expect(await c.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
      expect(await c.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await c.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await c.config('GET', 'appendfsync')).toEqual(['appendfsync', 'everysec']);
      expect(await c.config('GET', 'save')).toEqual(['save', '']);
    });
  });

  it('two servers get two ports and do not share data', async () => {
    const [a, b] = await Promise.all([start({ appendonly: false }), start({ appendonly: false })]);
    expect(a.port).not.toBe(b.port);
    await withClient(a.url, (c) => c.set('k', 'a'));
    expect(await withClient(b.url, (c) => c.get('k'))).toBeNull();
  });

  it('restart with AOF keeps a key, on the same port, in a new process', async () => {
    const s = await start({ appendonly: true });
    const { port, pid } = s;
    await withClient(s.url, (c) => c.set('run:1', 'queued'));
    await s.restart();
    expect(s.port).toBe(port);
    expect(s.pid).not.toBe(pid);
    expect(isProcessAlive(pid)).toBe(false);
    expect(await withClient(s.url, (c) => c.get('run:1'))).toBe('queued');
  });

  it('restart without AOF loses the key', async () => {
    const s = await start({ appendonly: false });
    await withClient(s.url, (c) => c.set('run:1', 'queued'));
    expect(await withClient(s.url, (c) => c.get('run:1'))).toBe('queued');
    await s.restart();
    expect(await withClient(s.url, (c) => c.get('run:1'))).toBeNull();
    await withClient(s.url, async (c) => expect(await c.config('GET', 'appendonly')).toEqual(['appendonly', 'no']));
  });

  it('stop() is idempotent: concurrent and repeated calls resolve, and the server is gone', async () => {
    const s = await start({ appendonly: false });
    const pid = s.pid;
    const first = s.stop();
    expect(s.stop()).toBe(first);
    await Promise.all([first, s.stop()]);
    await s.stop();
    expect(isProcessAlive(pid)).toBe(false);
    await expect(withClient(s.url, (c) => c.ping())).rejects.toThrow();
  });

  it('kill9() crashes the server; restart() then brings it back on the same port', async () => {
    const s = await start({ appendonly: true });
    const pid = s.pid;
    s.kill9();
    s.kill9(); // harmless twice
    await expect(withClient(s.url, (c) => c.ping())).rejects.toThrow();
    await s.restart();
    expect(isProcessAlive(pid)).toBe(false);
    expect(s.pid).not.toBe(pid);
    expect(await withClient(s.url, (c) => c.ping())).toBe('PONG');
    // and it can be stopped and started again
    await s.stop();
    await s.restart();
    expect(await withClient(s.url, (c) => c.ping())).toBe('PONG');
  });

  it('refuses an explicit port that is taken, quoting the log', async () => {
    // Not Redis: it hangs up on everyone (a listener without a handler would keep sockets open forever).
    const holder = createServer((socket) => socket.destroy());
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const address = holder.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expect(startRedisServer({ dir: freshDir(), port })).rejects.toThrow(
        new RegExp(`redis-server on 127\\.0\\.0\\.1:${port} exited with code 1 before answering PING[\\s\\S]*Address already in use`),
      );
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });

  it('refuses a port another Redis holds, and leaves that one serving', async () => {
    const a = await start({ appendonly: false });
    await expect(startRedisServer({ dir: freshDir(), port: a.port, appendonly: false })).rejects.toThrow(
      /Address already in use|is taken by another Redis/,
    );
    expect(await withClient(a.url, (c) => c.ping())).toBe('PONG');
  });

  it('gives up after startTimeoutMs with the log tail', async () => {
    await expect(startRedisServer({ dir: freshDir(), startTimeoutMs: 1, appendonly: false })).rejects.toThrow(
      /did not answer PING within 1 ms \(dir .*\); last lines of .*redis-server\.log/,
    );
  });

  it('does not outlive a Node process that is killed with SIGKILL', async () => {
    const lib = pathToFileURL(join(import.meta.dirname, 'redis-server.ts')).href;
    const code = `const m = await import(${JSON.stringify(lib)});
const s = await m.startRedisServer({ dir: ${JSON.stringify(freshDir())}, appendonly: false });
console.log(s.pid);
setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(parent.stdout, 'data')) as [Buffer];
    const pid = Number(line.toString().trim());
    expect(isProcessAlive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    const deadline = Date.now() + 5000;
    while (isProcessAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(isProcessAlive(pid)).toBe(false);
  });
});

