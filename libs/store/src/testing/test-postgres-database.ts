/**
 * A fresh PostgreSQL database per test file, as Kysely's and BullMQ's suites isolate theirs:
 * `CREATE DATABASE "rnnlab_test_<random>"` on the server of RNNLAB_TEST_POSTGRES_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), dropped WITH (FORCE) afterwards. Exported so that
 * other libs' integration tests (queue, worker, dashboard) isolate theirs the same way.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { redactDatabaseUrl } from '../database-url';

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestPostgresDatabase {
  /** a postgres:// URL of the new, empty database */
  readonly url: string;
  readonly name: string;
  /** drop it, closing any connection still open to it; idempotent */
  drop(): Promise<void>;
}

export type PostgresProbe = { available: true; url: string } | { available: false; url: string; reason: string };

/** The admin URL tests use: RNNLAB_TEST_POSTGRES_URL or the default. */
export function testPostgresUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.RNNLAB_TEST_POSTGRES_URL?.trim() || DEFAULT_TEST_POSTGRES_URL;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether the test server answers, and if not, why (for a skip message). */
export async function probeTestPostgres(adminUrl: string = testPostgresUrl()): Promise<PostgresProbe> {
  const url = redactDatabaseUrl(adminUrl);
  try {
    await withClient(adminUrl, (c) => c.query('select 1'));
    return { available: true, url };
  } catch (e) {
    const err = e as Error & { code?: string; errors?: { code?: string }[] };
    const code = err.code ?? err.errors?.[0]?.code;
    return { available: false, url, reason: `PostgreSQL not reachable at ${url} (${code ?? err.message})` };
  }
}

/** Whether the test server answers (see probeTestPostgres for the reason when it does not). */
export async function postgresAvailable(adminUrl: string = testPostgresUrl()): Promise<boolean> {
  return (await probeTestPostgres(adminUrl)).available;
}

/**
 * Create an empty database on the test server.
 * @example
 * const pgdb = await createTestPostgresDatabase();
 * const store = await openStore(pgdb.url);
 * // ...
 * await store.close(); await pgdb.drop();
 */
export async function createTestPostgresDatabase(adminUrl: string = testPostgresUrl()): Promise<TestPostgresDatabase> {
  const name = `rnnlab_test_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`create database "${name}"`));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  let dropping: Promise<void> | null = null;
  return {
    url: u.toString(),
    name,
    drop() {
      dropping ??= withClient(adminUrl, async (c) => {
        await c.query(`drop database if exists "${name}" with (force)`);
      });
      return dropping;
    },
  };
}
