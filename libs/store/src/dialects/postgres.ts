/**
 * PostgreSQL through a `pg` Pool: for a team or a multi-machine fleet. bigint columns (timestamps,
 * steps, ids) are parsed to numbers by this pool only (not pg's global parsers, which other code
 * in the process may rely on). A connect timeout turns an unreachable server into a retryable
 * error instead of a hang; idle-client errors (a server restart) are left to the next query.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, sql, type RawBuilder } from 'kysely';
import type { DatabaseTarget } from '../database-url';
import { runMigrations } from '../migrate';
import type { Database } from '../schema';
import type { StoreContext } from '../store-context';

export interface PostgresOptions {
  poolSize: number;
  connectTimeoutMs: number;
}

const INT8_OID = 20;
// advisory-lock keys: one bigint for migrations; (namespace, hashtext(run id)) for per-run writers.
// PostgreSQL keeps the one-key and two-key spaces apart.
const MIGRATION_LOCK_KEY = 0x726e6e6c6162; // "rnnlab"
const RUN_LOCK_NAMESPACE = 0x726e6e; // "rnn"

const getTypeParser = ((oid: number, format?: string) =>
  oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'];

export function openPostgresContext(target: Extract<DatabaseTarget, { dialect: 'postgres' }>, options: PostgresOptions): StoreContext {
  const pool = new pg.Pool({
    connectionString: target.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: 'rnnlab',
    types: { getTypeParser },
  });
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const now: RawBuilder<number> = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

  return {
    dialect: 'postgres',
    location: target.location,
    db,
    now,
    transaction: (fn) => db.transaction().execute(fn),
    write: (fn) => fn(db),
    lockRun: async (trx, runId) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(RUN_LOCK_NAMESPACE)}, hashtext(${runId}))`.execute(trx);
    },
    migrate: () =>
      db.connection().execute(async (conn) => {
        // a session lock on this connection: held across the migrator's own transaction
        await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(conn);
        try {
          await runMigrations(conn, 'postgres');
        } finally {
          // a broken connection has lost its session locks anyway; keep the migration's error
          await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(conn).catch(() => undefined);
        }
      }),
    destroy: () => db.destroy(),
  };
}
