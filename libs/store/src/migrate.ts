/**
 * Runs the migration set with Kysely's migrator on ONE connection that the dialect has already
 * locked (SQLite: inside BEGIN IMMEDIATE; PostgreSQL: holding pg_advisory_lock), so two processes
 * starting at once cannot both see "not migrated" and both create the tables. Idempotent.
 */
import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Database } from './schema';
import type { StoreDialect } from './database-url';
import type { MigrationHooks } from './migrations/migration-hooks';
import { migrationProvider } from './migrations/migration-set';

export const MIGRATION_TABLE = 'rnnlab_migration';
export const MIGRATION_LOCK_TABLE = 'rnnlab_migration_lock';

export async function runMigrations(connection: Kysely<Database>, dialect: StoreDialect, hooks: MigrationHooks = {}): Promise<string[]> {
  const migrator = new Migrator({
    db: connection,
    provider: migrationProvider(dialect, hooks),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
