import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { StoreClosedError } from './errors/store-closed-error';
import { StoreConfigError } from './errors/store-config-error';
import { StoreUnavailableError } from './errors/store-unavailable-error';
import { MIGRATION_TABLE } from './migrate';
import { openStore } from './open-store';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun } from './testing/fixtures';

const TABLES = ['artifacts', 'checkpoints', 'diagnostics', 'evaluations', 'experiment_reports', 'experiments', 'metrics', 'prepared_dataset_keys', 'prepared_datasets', 'run_events', 'runs', 'samples', 'sweep_rungs', 'uploads', 'workers'];
const MIGRATIONS = ['0001-initial', '0002-dataset-keys-and-evaluations', '0003-experiment-reports', '0004-sweeps', '0005-runs-page-indexes', '0006-artifacts', '0007-uploads'];
const INDEX_TS = fileURLToPath(new URL('./index.ts', import.meta.url));

/** `n` node processes that each open the store on DATABASE_URL at the same instant, then create a run */
function openInChildren(url: string, n: number): Promise<string[]> {
  const startAt = Date.now() + 2500; // after every child has loaded tsx and the lib
  const code = `
    const { openStore } = await import(${JSON.stringify(INDEX_TS)});
    await new Promise((r) => setTimeout(r, Math.max(0, Number(process.env.START_AT) - Date.now())));
    const s = await openStore();
    await s.close();
    console.log('opened');`;
  return Promise.all(
    Array.from({ length: n }, () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
          env: { ...process.env, DATABASE_URL: url, START_AT: String(startAt) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('error', reject);
        child.on('exit', (status) => (status === 0 ? resolve(out.trim()) : reject(new Error(`child exited ${status}: ${out}`))));
      }),
    ),
  );
}

describeEachDialect('openStore', (h) => {
  const tables = async (url: string) =>
    (
      await h.raw(
        url,
        h.dialect === 'sqlite'
          ? `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'rnnlab_%' order by name`
          : `select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'rnnlab_%' order by table_name`,
      )
    ).map((r) => r.name);
  const migrations = async (url: string) => (await h.raw(url, `select name from ${MIGRATION_TABLE}`)).map((r) => r.name);

  it('creates every table on a fresh database, and a second open migrates nothing', async () => {
    const url = await h.freshUrl();
    const a = await h.open({}, url);
    expect(await tables(url)).toEqual(TABLES);
    const { run } = await a.createRun(newRun());
    await a.close();
    const b = await h.open({}, url);
    expect(await migrations(url)).toEqual(MIGRATIONS);
    expect((await b.getRun(run.id))?.id).toBe(run.id);
  });

  it('lets several stores open one fresh database at once (in one process)', async () => {
    const url = await h.freshUrl();
    const stores = await Promise.all([1, 2, 3, 4].map(() => h.open({}, url)));
    expect(await migrations(url)).toEqual(MIGRATIONS);
    const created = await Promise.all(stores.map((s) => s.createRun(newRun())));
    expect(created.every((c) => c.created)).toBe(true);
  });

  it('lets several processes open one fresh database at once', async () => {
    const url = await h.freshUrl();
    expect(await openInChildren(url, 3)).toEqual(['opened', 'opened', 'opened']);
    expect(await migrations(url)).toEqual(MIGRATIONS);
    expect(await tables(url)).toEqual(TABLES);
  });

  it('lets calls in flight finish before it closes', async () => {
    const s = await h.open();
    const { run } = await s.createRun(newRun());
    const saving = s.saveCheckpoint(run.id, 1, new Uint8Array(1024 * 1024));
    const metrics = s.addMetrics(run.id, [{ split: 'train', name: 'loss', step: 1, value: 1 }]);
    await s.close();
    await expect(saving).resolves.toMatchObject({ step: 1 });
    await expect(metrics).resolves.toBe(1);
    expect(await h.store().listCheckpoints(run.id)).toHaveLength(1);
  });

  it('closes idempotently, and refuses calls after close', async () => {
    const s = await h.open();
    await Promise.all([s.close(), s.close()]);
    await s.close();
    await expect(s.getRun('r1')).rejects.toThrow(StoreClosedError);
    await expect(s.getRun('r1')).rejects.toThrow(/getRun\(\) called on a closed store/);
  });

  if (h.dialect === 'postgres') {
    it('reports a database that does not exist as a configuration error', async () => {
      const url = new URL(h.url());
      url.pathname = '/rnnlab_test_does_not_exist';
      await expect(openStore(url.toString())).rejects.toThrow(StoreConfigError);
    });
  }
});

describe('openStore without a usable database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-open-'));
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates RNNLAB_HOME and rnnlab.db in it when DATABASE_URL is unset', async () => {
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('RNNLAB_HOME', join(dir, 'home', 'nested'));
    const s = await openStore();
    expect(s.location).toBe(`sqlite:${join(dir, 'home', 'nested', 'rnnlab.db')}`);
    await s.close();
    expect(existsSync(join(dir, 'home', 'nested', 'rnnlab.db'))).toBe(true);
  });

  it('names DATABASE_URL and the allowed forms for a URL of another form', async () => {
    vi.stubEnv('DATABASE_URL', 'mysql://root@localhost/lab');
    await expect(openStore()).rejects.toThrow(StoreConfigError);
    await expect(openStore()).rejects.toThrow(/DATABASE_URL "mysql:\/\/root@localhost\/lab" is not supported.*sqlite:PATH/);
  });

  it('refuses a SQLite path whose directory does not exist', async () => {
    await expect(openStore(`sqlite:${join(dir, 'missing', 'x.db')}`)).rejects.toThrow(/cannot open SQLite database .*missing/);
  });

  it('reports an unreachable PostgreSQL server as retryable', async () => {
    const e = await openStore('postgres://postgres@127.0.0.1:1/rnnlab', { connectTimeoutMs: 2000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StoreUnavailableError);
    expect((e as StoreUnavailableError).retryable).toBe(true);
    expect((e as Error).message).toMatch(/^openStore\(\) on postgres:\/\/postgres@127\.0\.0\.1:1\/rnnlab: database unavailable.*ECONNREFUSED/);
  });

  it('waits for a SQLite writer without blocking the event loop, then fails retryably', async () => {
    const url = `sqlite:${join(dir, 'locked.db')}`;
    const s = await openStore(url, { lockTimeoutMs: 300 });
    const other = new BetterSqlite3(join(dir, 'locked.db'));
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      await expect(s.createRun(newRun())).rejects.toThrow(StoreUnavailableError);
      expect(ticks).toBeGreaterThan(5); // the event loop ran while the store waited for the lock
      other.exec('COMMIT');
      expect((await s.createRun(newRun())).created).toBe(true);
    } finally {
      clearInterval(timer);
      other.close();
      await s.close();
    }
  });
});
