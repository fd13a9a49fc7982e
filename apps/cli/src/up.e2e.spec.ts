/**
 * `npm start` = `rnnlab up --demo`: a private Redis, SQLite under RNNLAB_HOME, a worker, the
 * dashboard at a printed URL, and the main job's result; Ctrl-C stops all of it.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redisServerAvailable } from '@rnnlab/local-services';
import { bin, repoRoot } from './testing/run-cli';

const required = process.env.RNNLAB_REQUIRE_SERVICES === '1';
if (!redisServerAvailable() && required) throw new Error('up.e2e needs redis-server');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!redisServerAvailable())('rnnlab up --demo', () => {
  it('serves the dashboard at the URL it prints, runs the main job, and Ctrl-C leaves nothing running', async () => {
    const home = mkdtempSync(join(tmpdir(), 'rnnlab-up-'));
    const env: NodeJS.ProcessEnv = { ...process.env, RNNLAB_HOME: home };
    delete env.REDIS_URL;
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [bin, 'up', '--demo'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 300_000;
      while (!/the platform keeps running/.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 250));
      expect(out).toMatch(/succeeded: .*mse/);
      const url = /dashboard: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url, out).toBeDefined();
      const page = await fetch(`${url}/runs`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/r-[0-9a-f]{16}/);
      // the pids it started: the worker's and Redis's are printed; the dashboard answers on its port
      const workerPid = Number(/one worker \(pid (\d+)\)/.exec(out)?.[1]);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(alive(workerPid)).toBe(false);
      await expect(fetch(`${url}/api/health`)).rejects.toThrow();
      const redisPort = Number(/Redis started at redis:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect(redisPort, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve(false)));
        s.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
    }
  }, 360_000);
});
