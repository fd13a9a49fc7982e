/**
 * better-auth's own connection to the store's database (DATABASE_URL, resolved exactly as the store
 * resolves it): for SQLite a second better-sqlite3 connection to the same file (WAL, which the store
 * has already switched the file to, lets it read beside the store and the workers); for PostgreSQL a
 * small pool of its own. better-auth's tables are named `auth_*` so they stand apart from the store's.
 *
 * SQLite transactions begin IMMEDIATE: a transaction that reads before it writes (better-auth's do)
 * would otherwise fail with SQLITE_BUSY_SNAPSHOT when a worker commits in between, instead of waiting
 * for the lock. Waiting is synchronous in better-sqlite3; writes here are rare and short (a sign-in,
 * a user added), so `busy_timeout` is kept small.
 */
import { mkdirSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import { resolveDatabaseTarget, type DatabaseTarget } from '@rnnlab/store';
import { AuthConfigError } from './errors/auth-config-error';

export const SQLITE_BUSY_TIMEOUT_MS = 5000;
const POSTGRES_POOL_SIZE = 4;

/** better-auth's Kysely instance over the store's database, and what better-auth needs to know of it */
export interface AuthDatabase {
  type: 'sqlite' | 'postgres';
  // better-auth addresses its own tables by name; it has no schema type to give
  db: Kysely<Record<string, never>>;
  /** for messages (no password) */
  location: string;
  destroy(): Promise<void>;
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

function openSqlite(target: Extract<DatabaseTarget, { dialect: 'sqlite' }>): AuthDatabase {
  if (target.createDir) mkdirSync(target.createDir, { recursive: true });
  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(target.path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  } catch (e) {
    throw new AuthConfigError(`cannot open SQLite database ${target.location} for the dashboard's users: ${(e as Error).message}`, { cause: e });
  }
  if (target.path !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Record<string, never>>({ dialect: new ImmediateSqliteDialect({ database }) });
  return { type: 'sqlite', db, location: target.location, destroy: () => db.destroy() };
}

function openPostgres(target: Extract<DatabaseTarget, { dialect: 'postgres' }>): AuthDatabase {
  const pool = new pg.Pool({ connectionString: target.url, max: POSTGRES_POOL_SIZE, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000, application_name: 'rnnlab-auth' });
  pool.on('error', () => undefined);
  const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });
  return { type: 'postgres', db, location: target.location, destroy: () => db.destroy() };
}

/** The auth connection for `databaseUrl` (default: DATABASE_URL, else SQLite under RNNLAB_HOME). */
export function openAuthDatabase(databaseUrl?: string, env: NodeJS.ProcessEnv = process.env): AuthDatabase {
  const target = resolveDatabaseTarget(databaseUrl, env);
  return target.dialect === 'sqlite' ? openSqlite(target) : openPostgres(target);
}
