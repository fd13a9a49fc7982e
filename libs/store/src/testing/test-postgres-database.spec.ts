import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestPostgresDatabase, postgresAvailable, probeTestPostgres, testPostgresUrl, DEFAULT_TEST_POSTGRES_URL } from './test-postgres-database';

const probe = await probeTestPostgres();
const required = process.env.RNNLAB_REQUIRE_SERVICES === '1';

describe('testPostgresUrl / probeTestPostgres', () => {
  it('reads RNNLAB_TEST_POSTGRES_URL, else the default', () => {
    expect(testPostgresUrl({})).toBe(DEFAULT_TEST_POSTGRES_URL);
    expect(testPostgresUrl({ RNNLAB_TEST_POSTGRES_URL: 'postgres://ci@db/postgres' })).toBe('postgres://ci@db/postgres');
  });
  it('says why a server is unreachable', async () => {
    expect(await probeTestPostgres('postgres://u:secret@127.0.0.1:1/postgres')).toEqual({
      available: false,
      url: 'postgres://u:***@127.0.0.1:1/postgres',
      reason: 'PostgreSQL not reachable at postgres://u:***@127.0.0.1:1/postgres (ECONNREFUSED)',
    });
    expect(await postgresAvailable('postgres://u@127.0.0.1:1/postgres')).toBe(false);
  });
});

describe.skipIf(!probe.available && !required)('createTestPostgresDatabase', () => {
  it('creates an empty database and drops it, even with a connection still open', async () => {
    const d = await createTestPostgresDatabase();
    expect(d.name).toMatch(/^rnnlab_test_[0-9a-f]{12}$/);
    const client = new pg.Client({ connectionString: d.url });
    client.on('error', () => undefined);
    await client.connect();
    expect((await client.query('select current_database() as db')).rows[0].db).toBe(d.name);
    await Promise.all([d.drop(), d.drop()]);
    await client.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    try {
      expect((await admin.query('select 1 from pg_database where datname = $1', [d.name])).rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
