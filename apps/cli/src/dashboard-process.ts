/**
 * Serving the dashboard (apps/dashboard, Next.js): build it when the build is missing or older than
 * its sources, then `next start` it in a child process bound to loopback unless told otherwise, and
 * wait until it answers /api/health. `rnnlab dashboard` and `rnnlab up` use this.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const APP = join(ROOT, 'apps/dashboard');
/** what the dashboard bundles: its own sources and the libs it imports */
const SOURCES = ['apps/dashboard/src', 'apps/dashboard/next.config.ts', 'apps/dashboard/package.json', ...['contracts', 'store', 'queue', 'experiments', 'stats', 'random', 'datasets', 'tokenization', 'auth'].map((l) => `libs/${l}/src`)];

export interface DashboardHandle {
  url: string;
  child: ChildProcess;
  /** SIGTERM, then wait for it to exit (idempotent) */
  stop(): Promise<void>;
}

function newestMtime(path: string): number {
  const abs = join(ROOT, path);
  if (!existsSync(abs)) return 0;
  const st = statSync(abs);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const f of readdirSync(abs, { recursive: true, withFileTypes: true })) {
    if (f.isFile() && !f.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(join(f.parentPath, f.name)).mtimeMs);
  }
  return newest;
}

/** true when `.next` holds a production build newer than every source it was built from */
export function dashboardBuildIsCurrent(): boolean {
  const id = join(APP, '.next/BUILD_ID');
  if (!existsSync(id)) return false;
  const built = statSync(id).mtimeMs;
  return SOURCES.every((s) => newestMtime(s) <= built);
}

function nextBin(): string {
  const require = createRequire(join(APP, 'package.json'));
  return join(require.resolve('next/package.json'), '..', 'dist/bin/next');
}

const ENV = { NEXT_TELEMETRY_DISABLED: '1' };

/** Runs `next build` (output to `log`); rejects with the build's exit code. */
export function buildDashboard(log: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(), 'build'], { cwd: APP, env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the dashboard failed (next build exited with ${code}); see its output`))));
  });
}

export function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

export interface StartDashboardOptions {
  port: number;
  host: string;
  env: NodeJS.ProcessEnv;
  /** where the build's and the server's output goes */
  log: NodeJS.WritableStream;
  /** told when a build starts (it takes a while) */
  announce?: (line: string) => void;
  /** give up waiting for /api/health after this long (default 60 s) */
  readyTimeoutMs?: number;
}

const BUILD_LOCK = join(APP, '.next-build.lock');
/** a lock older than this is left over from a build that was killed */
const STALE_LOCK_MS = 10 * 60_000;

/**
 * Builds the dashboard unless its build is current. One build at a time per checkout: two
 * processes starting dashboards at once (tests in parallel) would otherwise write one `.next`
 * together; the second waits for the first and then finds the build current.
 */
export async function ensureDashboardBuilt(o: { log: NodeJS.WritableStream; announce?: (line: string) => void }): Promise<void> {
  for (;;) {
    if (dashboardBuildIsCurrent()) return;
    try {
      mkdirSync(BUILD_LOCK);
    } catch {
      if (existsSync(BUILD_LOCK) && Date.now() - statSync(BUILD_LOCK).mtimeMs > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (dashboardBuildIsCurrent()) return;
      (o.announce ?? ((l: string) => o.log.write(l)))('rnnlab: building the dashboard (once after each change; about a minute)\n');
      await buildDashboard(o.log);
      return;
    } finally {
      rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
  }
}

/**
 * The dashboard's environment: listening beyond loopback (`--host 0.0.0.0`) turns sign-in on
 * (RNNLAB_AUTH=required) unless RNNLAB_AUTH says otherwise, so that the single-user local mode never
 * answers other machines.
 */
export function dashboardEnv(host: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const mode = env.RNNLAB_AUTH?.trim() ?? '';
  // @rnnlab/auth's AUTH_MODES, checked here so that a typo stops the start instead of every page
  if (mode !== '' && !/^(auto|required)$/i.test(mode)) throw new UsageError(`RNNLAB_AUTH=${JSON.stringify(mode.slice(0, 40))} is not a mode: use auto (no sign-in until the first user exists) or required`);
  const loopback = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i.test(host);
  return { ...env, ...ENV, ...(loopback || env.RNNLAB_AUTH?.trim() ? {} : { RNNLAB_AUTH: 'required' }) };
}

export async function startDashboard(o: StartDashboardOptions): Promise<DashboardHandle> {
  await ensureDashboardBuilt(o);
  const child = spawn(process.execPath, [nextBin(), 'start', '-p', String(o.port), '-H', o.host], { cwd: APP, env: dashboardEnv(o.host, o.env), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(o.log, { end: false });
  child.stderr?.pipe(o.log, { end: false });
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}`;
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }));
  const deadline = Date.now() + (o.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited with code ${child.exitCode} before it was ready`);
    try {
      const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      // 503 is an answer too: the server is up, a service is not (the page says which)
      if (r.status === 200 || r.status === 503) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the dashboard did not answer on ${url} within ${Math.round((o.readyTimeoutMs ?? 60_000) / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, child, stop };
}
