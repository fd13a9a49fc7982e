/**
 * A private redis-server for tests and for local use without REDIS_URL: Debian's binary from PATH,
 * bound to 127.0.0.1 only, on a free port, configured like infra/redis.conf (noeviction; AOF with
 * appendfsync everysec when asked), no RDB snapshots, not daemonized, and killed with this process.
 *
 * @example
 * const redis = await startRedisServer({ dir: mkdtempSync(join(tmpdir(), 'redis-')) });
 * const client = new Redis(redis.url);
 * // ...
 * await redis.stop();
 */
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { findExecutable } from './executable';
import { freePort } from './free-port';
import { hasExited, spawnOwned, stopChild } from './owned-child';
import { redisCommand } from './resp-client';

/** Options of startRedisServer(). */
export interface RedisServerOptions {
  /** Working directory (AOF files, default log); created when missing. Use a fresh temp dir per server. */
  dir: string;
  /** Port on 127.0.0.1; default a free one (retried if another process takes it first). */
  port?: number;
  /** AOF persistence with appendfsync everysec; default true, as in infra/redis.conf (RELIABILITY.md rule 3). */
  appendonly?: boolean;
  /** Redis log file; default `<dir>/redis-server.log`. Its tail is quoted when start-up fails. */
  logFile?: string;
  /** How long start-up may take until PING answers PONG; default 10 s. */
  startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL; default 10 s (AOF is fsynced on SIGTERM). */
  stopTimeoutMs?: number;
}

/** A running (or stopped) private redis-server. */
export interface RedisServerHandle {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** The current process's pid; changes on restart(). */
  readonly pid: number;
  /** SIGTERM, wait for exit, SIGKILL after stopTimeoutMs. Idempotent: concurrent and repeated calls share one stop. */
  stop(): Promise<void>;
  /** SIGKILL now, without waiting: a crash. stop() or restart() afterwards wait for the exit. */
  kill9(): void;
  /** Stops (if running) and starts again on the same port and dir: the "Redis restarted" fault. */
  restart(): Promise<void>;
}

export const REDIS_SERVER_NOT_FOUND = 'redis-server not found: apt-get install redis-server, or set REDIS_URL';

const DEFAULT_START_TIMEOUT_MS = 10_000;
const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** Attempts on a free port that another process took between freePort() and redis-server's bind. */
const PORT_ATTEMPTS = 5;
const POLL_MS = 25;
const STDERR_CAP = 8192;

/** True when `redis-server` is on PATH. */
export function redisServerAvailable(): boolean {
  return findExecutable('redis-server') !== undefined;
}

/**
 * Starts a private redis-server and resolves once it answers PING; see the file header.
 * Rejects with REDIS_SERVER_NOT_FOUND when redis-server is not on PATH, and with the log's last
 * lines when it exits or does not answer within startTimeoutMs.
 */
export async function startRedisServer(opts: RedisServerOptions): Promise<RedisServerHandle> {
  if (typeof opts?.dir !== 'string' || opts.dir === '') {
    throw new Error(`startRedisServer(): expected opts.dir to be a directory path, got ${JSON.stringify(opts?.dir)}`);
  }
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port > 0 && opts.port < 65536)) {
    throw new Error(`startRedisServer(): expected opts.port to be an integer in 1..65535, got ${String(opts.port)}`);
  }
  for (const key of ['startTimeoutMs', 'stopTimeoutMs'] as const) {
    const v = opts[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
      throw new Error(`startRedisServer(): expected opts.${key} to be a positive number of ms, got ${String(v)}`);
    }
  }
  const bin = findExecutable('redis-server');
  if (!bin) throw new Error(REDIS_SERVER_NOT_FOUND);
  const dir = resolve(opts.dir);
  const logFile = resolve(opts.logFile ?? join(dir, 'redis-server.log'));
  mkdirSync(dir, { recursive: true });
  mkdirSync(dirname(logFile), { recursive: true });
  const config: ServerConfig = {
    bin,
    dir,
    logFile,
    appendonly: opts.appendonly ?? true,
    startTimeoutMs: opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    stopTimeoutMs: opts.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
  };

  if (opts.port !== undefined) {
    const r = await launch(config, opts.port);
    if (!r.ok) throw new Error(r.message);
    return new RedisServer(config, opts.port, r.child);
  }
  let last = '';
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const port = await freePort();
    const r = await launch(config, port);
    if (r.ok) return new RedisServer(config, port, r.child);
    if (!r.portTaken) throw new Error(r.message);
    last = r.message;
  }
  throw new Error(`startRedisServer(): ${PORT_ATTEMPTS} free ports were taken before redis-server could bind them; last: ${last}`);
}

interface ServerConfig {
  bin: string;
  dir: string;
  logFile: string;
  appendonly: boolean;
  startTimeoutMs: number;
  stopTimeoutMs: number;
}

type LaunchResult = { ok: true; child: ChildProcess } | { ok: false; portTaken: boolean; message: string };

function serverArgs(c: ServerConfig, port: number): string[] {
  return [
    '--bind', '127.0.0.1',
    '--port', String(port),
    '--protected-mode', 'yes',
    '--daemonize', 'no',
    '--supervised', 'no',
    // AOF only (when asked): no RDB snapshots, so "without AOF" really loses everything on restart.
    '--save', '',
    '--appendonly', c.appendonly ? 'yes' : 'no',
    '--appendfsync', 'everysec',
    // BullMQ requires noeviction: an evicted job key is a lost job.
    '--maxmemory-policy', 'noeviction',
    '--dir', c.dir,
    '--logfile', c.logFile,
  ];
}

/** Spawns one redis-server on `port` and waits until it is the one answering PING there. */
async function launch(c: ServerConfig, port: number): Promise<LaunchResult> {
  const logOffset = fileSize(c.logFile);
  const child = spawnOwned(c.bin, serverArgs(c, port), ['ignore', 'ignore', 'pipe']);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    stderr = (stderr + s).slice(-STDERR_CAP);
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });

  const failure = (what: string): string => {
    const tail = [logTail(c.logFile, logOffset), stderr.trim()].filter((s) => s !== '').join('\n');
    return `redis-server on 127.0.0.1:${port} ${what} (dir ${c.dir}); last lines of ${c.logFile}${stderr ? ' and stderr' : ''}:\n${tail || '(empty)'}`;
  };
  const deadline = Date.now() + c.startTimeoutMs;
  while (Date.now() < deadline) {
    if (spawnError) return { ok: false, portTaken: false, message: `redis-server could not be started (${c.bin}): ${spawnError.message}` };
    if (hasExited(child)) {
      // 'exit' may come before the last stderr chunk: give the pipe a moment to drain.
      await sleep(POLL_MS);
      const message = failure(`exited with ${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode} before answering PING`);
      return { ok: false, portTaken: /address already in use/i.test(message), message };
    }
    const pong = await redisCommand(port, ['PING'], 500).catch(() => undefined);
    if (pong?.type === 'simple' && pong.value === 'PONG') {
      // Whoever answered may be another server that took the port while ours failed to bind.
      const info = await redisCommand(port, ['INFO', 'server'], 1000).catch(() => undefined);
      const pid = info?.type === 'bulk' ? /^process_id:(\d+)/m.exec(info.value)?.[1] : undefined;
      if (pid === String(child.pid)) return { ok: true, child };
      await stopChild(child, 1000);
      return { ok: false, portTaken: true, message: failure(`is taken by another Redis (pid ${pid ?? 'unknown'})`) };
    }
    await sleep(POLL_MS);
  }
  const message = failure(`did not answer PING within ${c.startTimeoutMs} ms`);
  await stopChild(child, 1000);
  return { ok: false, portTaken: false, message };
}

class RedisServer implements RedisServerHandle {
  readonly url: string;
  private child: ChildProcess;
  private stopping: Promise<void> | undefined;
  private restarting: Promise<void> | undefined;

  constructor(
    private readonly config: ServerConfig,
    readonly port: number,
    child: ChildProcess,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
    this.child = child;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.stopping = stopChild(this.child, this.config.stopTimeoutMs);
    return this.stopping;
  }

  kill9(): void {
    if (!hasExited(this.child)) this.child.kill('SIGKILL');
  }

  restart(): Promise<void> {
    if (this.restarting) return this.restarting;
    this.restarting = (async () => {
      try {
        // stop() resolves only once the old process has exited, so its port is free again.
        await this.stop();
        const r = await launch(this.config, this.port);
        if (!r.ok) {
          throw new Error(`restart(): ${r.portTaken ? `port ${this.port} was taken while Redis was down; ` : ''}${r.message}`);
        }
        this.child = r.child;
        this.stopping = undefined;
      } finally {
        this.restarting = undefined;
      }
    })();
    return this.restarting;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The last `lines` lines written to `path` since byte `from` (at most 16 KiB read). */
function logTail(path: string, from: number, lines = 20): string {
  let fd: number | undefined;
  try {
    const size = statSync(path).size;
    const start = Math.max(from, size - 16_384);
    const buf = Buffer.alloc(Math.max(0, size - start));
    fd = openSync(path, 'r');
    readSync(fd, buf, 0, buf.length, start);
    return buf.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
