/**
 * SQLite through better-sqlite3: the embedded default, one host. WAL (readers never wait for the
 * writer), foreign keys on, synchronous=NORMAL (in WAL mode a crash never corrupts the file; a power
 * cut may lose the last commits, which the platform tolerates: every job can run again and every
 * write is keyed), busy_timeout for the rare lock a reader meets (recovery after a crash).
 *
 * Writers: better-sqlite3 is synchronous, so its busy handler would wait for another writer's lock
 * with the event loop blocked. Between two connections of ONE process that is a deadlock (the
 * holder cannot run its next statement), and in a worker it stalls BullMQ's lock renewal. So every
 * write takes the lock itself: BEGIN IMMEDIATE with busy_timeout 0, retried on SQLITE_BUSY with a
 * short, growing sleep until `lockTimeoutMs`, then a retryable StoreUnavailableError.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type RawBuilder } from 'kysely';
import type { DatabaseTarget } from '../database-url';
import { StoreConfigError } from '../errors/store-config-error';
import { StoreUnavailableError } from '../errors/store-unavailable-error';
import { runMigrations } from '../migrate';
import type { Database } from '../schema';
import type { StoreContext } from '../store-context';

export interface SqliteOptions {
  /** how long a writer waits for another writer's lock before giving up (ms) */
  lockTimeoutMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function openFile(target: Extract<DatabaseTarget, { dialect: 'sqlite' }>, lockTimeoutMs: number): BetterSqlite3.Database {
  if (target.createDir) {
    try {
      mkdirSync(target.createDir, { recursive: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new StoreConfigError(`cannot create RNNLAB_HOME "${target.createDir}" for the database (${code}): set RNNLAB_HOME or DATABASE_URL`, { cause: e });
    }
  }
  try {
    return new BetterSqlite3(target.path, { timeout: lockTimeoutMs });
  } catch (e) {
    const why = (e as Error).message;
    const hint = /directory does not exist/i.test(why) ? ` (create ${dirname(target.path)} first)` : '';
    throw new StoreConfigError(`cannot open SQLite database ${target.location}: ${why}${hint}`, { cause: e });
  }
}

/**
 * Retry `fn` while SQLite answers SQLITE_BUSY, sleeping between tries, until `timeoutMs`. Some BUSY
 * answers come at once whatever busy_timeout says (SQLite's deadlock avoidance: two processes
 * switching a fresh file to WAL together), so they must be retried here.
 */
async function retryBusy<T>(fn: () => T, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delayMs = 1; ; delayMs = Math.min(delayMs * 2, 50)) {
    try {
      return fn();
    } catch (e) {
      if (!isBusy(e)) throw e;
      if (Date.now() >= deadline) {
        throw new StoreUnavailableError(`${what} stayed locked by another connection for ${timeoutMs} ms; retry later`, { cause: e });
      }
      await sleep(delayMs * (0.5 + Math.random()));
    }
  }
}

export async function openSqliteContext(target: Extract<DatabaseTarget, { dialect: 'sqlite' }>, options: SqliteOptions): Promise<StoreContext> {
  const { lockTimeoutMs } = options;
  const database = openFile(target, lockTimeoutMs);
  try {
    if (target.path !== ':memory:') {
      await retryBusy(() => database.pragma('journal_mode = WAL'), lockTimeoutMs, `SQLite database ${target.location}`);
    }
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (e) {
    database.close();
    throw e;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });

  // Called while holding Kysely's single connection, so nothing else uses `database` meanwhile.
  async function beginImmediate(): Promise<void> {
    database.pragma('busy_timeout = 0');
    try {
      await retryBusy(() => database.exec('BEGIN IMMEDIATE'), lockTimeoutMs, `SQLite database ${target.location}`);
    } finally {
      database.pragma(`busy_timeout = ${lockTimeoutMs}`);
    }
  }

  async function immediate<T>(fn: (conn: Kysely<Database>) => Promise<T>): Promise<T> {
    return db.connection().execute(async (conn) => {
      await beginImmediate();
      try {
        const result = await fn(conn);
        database.exec('COMMIT');
        return result;
      } catch (e) {
        if (database.inTransaction) database.exec('ROLLBACK');
        throw e;
      }
    });
  }

  // SQLite's documented way to relax a constraint without moving data (sqlite.org/lang_altertable.html,
  // "make other kinds of table schema changes"): rewrite the stored CREATE TABLE and bump the schema
  // version, within the migration's transaction; better-sqlite3's defensive mode is lifted only for it
  function rewriteSqliteTable(table: string, edit: (definition: string) => string): void {
    const row = database.prepare("select sql from sqlite_schema where type = 'table' and name = ?").get(table) as { sql: string } | undefined;
    if (!row) throw new Error(`no table ${table} to rewrite`);
    const version = database.pragma('schema_version', { simple: true }) as number;
    database.unsafeMode(true);
    try {
      database.pragma('writable_schema = ON');
      database.prepare("update sqlite_schema set sql = ? where type = 'table' and name = ?").run(edit(row.sql), table);
      database.pragma(`schema_version = ${version + 1}`);
    } finally {
      database.pragma('writable_schema = OFF');
      database.unsafeMode(false);
    }
    const check = database.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`rewriting table ${table} broke the database: ${String(check)}`);
  }

  const now: RawBuilder<number> = sql<number>`cast(unixepoch('subsec') * 1000 as integer)`;
  return {
    dialect: 'sqlite',
    location: target.location,
    db,
    now,
    transaction: immediate,
    write: immediate,
    // BEGIN IMMEDIATE already admits one writer at a time
    lockRun: async () => undefined,
    migrate: async () => {
      await immediate((conn) => runMigrations(conn, 'sqlite', { rewriteSqliteTable }));
    },
    destroy: () => db.destroy(),
  };
}
