/**
 * What the worker's end-to-end specs share: the CLI and worker launchers run as real processes, the
 * store dialects they run on (SQLite always; PostgreSQL when its test server answers), polling with a
 * deadline, and the services rule: a missing redis-server or PostgreSQL skips a test cleanly unless
 * RNNLAB_REQUIRE_SERVICES=1, which turns the skip into a failure.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestPostgresDatabase, postgresAvailable } from '@rnnlab/store';

export const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
export const cliBin = join(repoRoot, 'apps/cli/bin/rnnlab.mjs');
export const workerBin = join(repoRoot, 'apps/worker/bin/rnnlab-worker.mjs');
/** RNNLAB_REQUIRE_SERVICES=1: a missing service fails the test instead of skipping it */
export const servicesRequired = process.env.RNNLAB_REQUIRE_SERVICES === '1';

export interface Exec {
  /** the exit code; null when the process was killed by a signal or the timeout */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a node entry point (`cliBin`, `workerBin`) to completion, killed after `timeoutMs`. */
export function runNode(bin: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 200_000): Promise<Exec> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: repoRoot, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `rnnlab <args>` */
export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<Exec> {
  return runNode(cliBin, args, env, timeoutMs);
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** what it printed so far (stdout and stderr interleaved): quoted when an assertion fails */
  output(): string;
  /** resolves when it has exited, with the time of the exit */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  alive(): boolean;
}

/**
 * The processes a spec started, so that it can end exactly those (never by name).
 * @example
 * const procs = new OwnedProcesses();
 * const w = procs.startWorker(env, ['--reconcile-ms', '1000']);
 * // ...
 * await procs.killAll();
 */
export class OwnedProcesses {
  private readonly started: WorkerProcess[] = [];

  /** `rnnlab worker --threads 1 --lock-ms 4000 [args…]` (later flags override earlier ones). */
  startWorker(env: NodeJS.ProcessEnv, args: string[] = []): WorkerProcess {
    const child = spawn(process.execPath, [workerBin, '--threads', '1', '--lock-ms', '4000', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (b: Buffer) => {
      out = (out + b.toString('utf8')).slice(-64 * 1024);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
    });
    if (child.pid === undefined) throw new Error(`could not start ${workerBin}`);
    const w: WorkerProcess = {
      child,
      pid: child.pid,
      output: () => out,
      exited,
      alive: () => child.exitCode === null && child.signalCode === null,
    };
    this.started.push(w);
    return w;
  }

  /** SIGTERM what still runs, SIGKILL what has not exited after `graceMs`, and wait for every exit. */
  async killAll(graceMs = 5000): Promise<void> {
    const running = this.started.filter((w) => w.alive());
    for (const w of running) w.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const w of running) if (w.alive()) w.child.kill('SIGKILL');
    }, graceMs);
    await Promise.all(running.map((w) => w.exited));
    clearTimeout(timer);
  }
}

/**
 * Poll `probe` until it returns something other than null / undefined / false, or fail after
 * `timeoutMs` with `what` in the message.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The direct children of `pid` (a worker's sandboxed training processes), from `pgrep -P`. */
export function childPids(pid: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    execFile('pgrep', ['-P', String(pid)], (err, stdout) => {
      // pgrep exits 1 when nothing matched
      if (err && (err as { code?: unknown }).code !== 1) return reject(err);
      resolve(stdout.split('\n').filter(Boolean).map(Number));
    });
  });
}

/** The pid in a worker id (`host:pid:random`, see apps/worker/src/main.ts). */
export function workerPid(workerId: string): number {
  return Number(workerId.split(':')[1]);
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export interface Dialect {
  name: 'SQLite' | 'PostgreSQL';
  available(): Promise<boolean>;
  /** a fresh, empty database: a new file under `dir`, or a new PostgreSQL database */
  create(dir: string, name: string): Promise<TestDatabase>;
}

export const DIALECTS: readonly Dialect[] = [
  { name: 'SQLite', available: async () => true, create: async (dir, name) => ({ url: `sqlite:${join(dir, `${name}.db`)}`, drop: async () => undefined }) },
  { name: 'PostgreSQL', available: () => postgresAvailable(), create: () => createTestPostgresDatabase() },
];

/** A fresh database of dialect `d`, or null (after saying why) when its server is not reachable. */
export async function openDialect(d: Dialect, dir: string, name: string): Promise<TestDatabase | null> {
  if (!(await d.available())) {
    if (servicesRequired) throw new Error(`${d.name} is not reachable (RNNLAB_REQUIRE_SERVICES=1)`);
    console.log(`skipped: ${d.name} is not reachable`);
    return null;
  }
  return d.create(dir, name);
}
