/**
 * A whole local platform for the dashboard's browser tests, every piece a real process this test
 * owns: a private redis-server, a SQLite store in a temporary RNNLAB_HOME, a worker, and the
 * dashboard served by `rnnlab dashboard` (its production build, built first when out of date).
 * Each is ended by its own handle, never by name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startRedisServer, type RedisServerHandle } from '@rnnlab/local-services';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cliBin = join(repoRoot, 'apps/cli/bin/rnnlab.mjs');
const workerBin = join(repoRoot, 'apps/worker/bin/rnnlab-worker.mjs');

export interface OwnedProcess {
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function own(bin: string, args: string[], env: NodeJS.ProcessEnv): OwnedProcess {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export interface Platform {
  url: string;
  env: NodeJS.ProcessEnv;
  home: string;
  redis: RedisServerHandle;
  worker: OwnedProcess;
  dashboard: OwnedProcess;
  stop(): Promise<void>;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>, output: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs / 1000} s; output:\n${output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** `rnnlab dashboard` on a free port with `env` (not waited for: see waitFor) */
export async function serveDashboard(env: NodeJS.ProcessEnv): Promise<{ dashboard: OwnedProcess; url: string }> {
  const port = await freePort();
  return { dashboard: own(cliBin, ['dashboard', '--port', String(port)], env), url: `http://127.0.0.1:${port}` };
}

export async function startPlatform(opts: { workerThreads?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Platform> {
  const home = mkdtempSync(join(tmpdir(), 'rnnlab-dashboard-'));
  const redis = await startRedisServer({ dir: join(home, 'redis') });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RNNLAB_HOME: home,
    REDIS_URL: redis.url,
    DATABASE_URL: `sqlite:${join(home, 'rnnlab.db')}`,
    RNNLAB_QUEUE_PREFIX: 'rnnlab',
    ...opts.env,
  };
  const worker = own(workerBin, ['--threads', String(opts.workerThreads ?? 1), '--reconcile-ms', '2000'], env);
  const { dashboard, url } = await serveDashboard(env);
  const stop = async () => {
    await Promise.all([dashboard.stop(), worker.stop()]);
    await redis.stop();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    // a first build on a 2-core machine takes a minute or two
    await waitFor('the dashboard answering /api/health', 300_000, async () => ((await fetch(`${url}/api/health`)).status === 200 ? true : null), dashboard.output);
    await waitFor('the worker registering', 60_000, async () => (worker.output().includes('takes') ? true : null), worker.output);
  } catch (e) {
    // a platform that did not come up is ended here: the caller never gets a handle to stop it with
    await stop();
    throw e;
  }
  return { url, env, home, redis, worker, dashboard, stop };
}

export { waitFor };

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `rnnlab ARGS` in a process of its own (RNNLAB_PASSWORD from `password`, empty otherwise): its exit code and output */
export function runCli(env: NodeJS.ProcessEnv, args: string[], password?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, ...args], { cwd: repoRoot, env: { ...env, RNNLAB_PASSWORD: password ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
