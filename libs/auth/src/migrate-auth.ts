/**
 * Creates and extends better-auth's tables (its own migration planner, `getMigrations`) on the
 * store's database, one process at a time, as the store migrates its own: SQLite inside BEGIN
 * IMMEDIATE (DDL is transactional there, so a migration is all or nothing), PostgreSQL holding an
 * advisory lock on the connection that migrates. The second process to start finds nothing to do.
 */
import type { BetterAuthOptions } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { sql, type Kysely } from 'kysely';
import type { AuthDatabase } from './auth-database';

// "rnnlab-auth"; the store's migration lock is another key
const MIGRATION_LOCK_KEY = 0x726e6e61757468;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** BEGIN IMMEDIATE, retried while SQLite answers BUSY at once (another process setting up the file) */
async function beginImmediate(conn: Kysely<Record<string, never>>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    try {
      await sql`begin immediate`.execute(conn);
      return;
    } catch (e) {
      if (!isBusy(e) || Date.now() > deadline) throw e;
      await sleep(delay);
    }
  }
}

/** The names of the tables it created; [] when the schema was already up to date. */
export async function migrateAuth(options: BetterAuthOptions, database: AuthDatabase): Promise<string[]> {
  return database.db.connection().execute(async (conn) => {
    const plan = async () => {
      const m = await getMigrations({ ...options, database: { db: conn, type: database.type } });
      await m.runMigrations();
      return m.toBeCreated.map((t) => t.table);
    };
    if (database.type === 'sqlite') {
      await beginImmediate(conn, 30_000);
      try {
        const created = await plan();
        await sql`commit`.execute(conn);
        return created;
      } catch (e) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw e;
      }
    }
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(conn);
    try {
      return await plan();
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(conn).catch(() => undefined);
    }
  });
}
