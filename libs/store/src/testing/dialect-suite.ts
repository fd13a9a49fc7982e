/**
 * Runs a spec once per dialect, as Kysely's own suites do: SQLite on a temporary file per test
 * file, PostgreSQL on a fresh database per test file. Without a reachable PostgreSQL the
 * PostgreSQL half is skipped with one line saying why, unless RNNLAB_REQUIRE_SERVICES=1 (CI), where
 * it fails. Test-only: imported by specs, never by the lib's code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { StoreDialect } from '../database-url';
import { openStore, type StoreOptions } from '../open-store';
import type { Store } from '../store';
import { createTestPostgresDatabase, probeTestPostgres, type TestPostgresDatabase } from './test-postgres-database';

const required = process.env.RNNLAB_REQUIRE_SERVICES === '1';
const postgres = await probeTestPostgres();
if (!postgres.available && !required) {
  console.log(`skipping the PostgreSQL store suites: ${postgres.reason} (set RNNLAB_TEST_POSTGRES_URL; RNNLAB_REQUIRE_SERVICES=1 makes this a failure)`);
}

export const DIALECTS: readonly StoreDialect[] = ['sqlite', 'postgres'];

export interface DialectHarness {
  readonly dialect: StoreDialect;
  /** this file's database, migrated once in beforeAll */
  url(): string;
  /** another store on this file's database (or on `url`); closed after the file */
  open(options?: StoreOptions, url?: string): Promise<Store>;
  /** the store opened in beforeAll */
  store(): Store;
  /** the URL of a new, empty database, removed after the file */
  freshUrl(): Promise<string>;
  /** run one statement outside the store (`?` placeholders), e.g. to corrupt a row; returns its rows */
  raw(url: string, statement: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

function harness(dialect: StoreDialect): DialectHarness {
  let dir = '';
  let n = 0;
  let mainUrl = '';
  let main: Store | null = null;
  const stores: Store[] = [];
  const databases: TestPostgresDatabase[] = [];

  const freshUrl = async () => {
    if (dialect === 'sqlite') return `sqlite:${join(dir, `db-${++n}.db`)}`;
    if (!postgres.available) throw new Error(`RNNLAB_REQUIRE_SERVICES=1 but ${postgres.reason}`);
    const d = await createTestPostgresDatabase();
    databases.push(d);
    return d.url;
  };
  const open = async (options?: StoreOptions, url = mainUrl) => {
    const s = await openStore(url, options);
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    if (dialect === 'sqlite') dir = mkdtempSync(join(tmpdir(), 'rnnlab-store-'));
    mainUrl = await freshUrl();
    main = await open();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await Promise.all(databases.map((d) => d.drop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return {
    dialect,
    url: () => mainUrl,
    open: (options, url) => open(options, url),
    store: () => {
      if (!main) throw new Error('store() is available in tests, after beforeAll');
      return main;
    },
    freshUrl,
    async raw(url, statement, params = []) {
      if (dialect === 'sqlite') {
        const db = new BetterSqlite3(url.slice('sqlite:'.length));
        try {
          const stmt = db.prepare(statement);
          if (stmt.reader) return stmt.all(...params) as Record<string, unknown>[];
          stmt.run(...params);
          return [];
        } finally {
          db.close();
        }
      }
      let i = 0;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(statement.replace(/\?/g, () => `$${++i}`), params)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * `describe` the same body once per dialect.
 * @example describeEachDialect('runs', (h) => { it('…', async () => { const store = h.store(); … }) })
 */
export function describeEachDialect(title: string, body: (h: DialectHarness) => void): void {
  for (const dialect of DIALECTS) {
    const skip = dialect === 'postgres' && !postgres.available && !required;
    describe.skipIf(skip)(`${title} [${dialect}]`, () => body(harness(dialect)));
  }
}
