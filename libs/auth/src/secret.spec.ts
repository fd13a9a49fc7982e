import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthConfigError } from './errors/auth-config-error';
import { loadOrCreateSecret, MIN_SECRET_LENGTH, SECRET_FILE } from './secret';

const SECRET_TS = fileURLToPath(new URL('./secret.ts', import.meta.url));
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'rnnlab-secret-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('loadOrCreateSecret', () => {
  it('generates a secret into RNNLAB_HOME with mode 0600 on first start, and reads the same one afterwards', () => {
    const home = join(fresh(), 'home');
    const first = loadOrCreateSecret(home, {});
    expect(first.source).toEqual({ file: join(home, SECRET_FILE), created: true });
    expect(first.secret.length).toBeGreaterThanOrEqual(MIN_SECRET_LENGTH);
    expect(statSync(join(home, SECRET_FILE)).mode & 0o777).toBe(0o600);
    const again = loadOrCreateSecret(home, {});
    expect(again).toEqual({ secret: first.secret, source: { file: join(home, SECRET_FILE), created: false } });
    expect(readFileSync(join(home, SECRET_FILE), 'utf8').trim()).toBe(first.secret);
  });

  it('prefers BETTER_AUTH_SECRET and writes nothing then; refuses one too short to sign with', () => {
    const home = fresh();
    const secret = 's'.repeat(MIN_SECRET_LENGTH);
    expect(loadOrCreateSecret(home, { BETTER_AUTH_SECRET: secret })).toEqual({ secret, source: 'BETTER_AUTH_SECRET' });
    expect(() => statSync(join(home, SECRET_FILE))).toThrow();
    expect(() => loadOrCreateSecret(home, { BETTER_AUTH_SECRET: 'short' })).toThrow(AuthConfigError);
    expect(() => loadOrCreateSecret(home, { BETTER_AUTH_SECRET: 'short' })).toThrow(/5 characters; use at least 32/);
  });

  it('tightens a secret file others can read, and refuses a truncated one', () => {
    const home = fresh();
    writeFileSync(join(home, SECRET_FILE), `${'k'.repeat(40)}\n`);
    chmodSync(join(home, SECRET_FILE), 0o644);
    expect(loadOrCreateSecret(home, {}).secret).toBe('k'.repeat(40));
    expect(statSync(join(home, SECRET_FILE)).mode & 0o777).toBe(0o600);
    writeFileSync(join(home, SECRET_FILE), 'abc');
    expect(() => loadOrCreateSecret(home, {})).toThrow(/holds 3 characters/);
  });

  it('gives one secret to processes starting together', async () => {
    const home = fresh();
    const startAt = Date.now() + 2000; // after each child has loaded tsx
    const code = `const { loadOrCreateSecret } = await import(${JSON.stringify(SECRET_TS)});
      await new Promise((r) => setTimeout(r, Math.max(0, ${startAt} - Date.now())));
      console.log(loadOrCreateSecret(${JSON.stringify(home)}, {}).secret);`;
    const secrets = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.once('exit', (c) => (c === 0 ? resolve(out.trim()) : reject(new Error(`child exited ${c}`))));
        }),
      ),
    );
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toBe(readFileSync(join(home, SECRET_FILE), 'utf8').trim());
  }, 30_000);
});
