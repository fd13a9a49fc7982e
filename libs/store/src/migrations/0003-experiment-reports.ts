/**
 * The report of an experiment (a comparison's statistics and verdict), one row per experiment,
 * replaced when the report job runs again (at-least-once: the same runs give the same report).
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-url';

export function experimentReportsMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('experiment_reports')
        .addColumn('experiment_id', 'text', (c) => c.primaryKey().references('experiments.id').onDelete('cascade'))
        .addColumn('report', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .modifyEnd(dialect === 'sqlite' ? sql`without rowid` : sql``)
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('experiment_reports').ifExists().execute();
    },
  };
}
