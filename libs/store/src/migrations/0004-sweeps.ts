/**
 * Sweeps with successive halving. `sweep_rungs`: one row per trial that reached a rung (its metric
 * there and the decision taken, once: a trial that runs the rung again gets the same decision).
 * A run status `stopped-early`: a trial that was stopped at a rung (its checkpoints and metrics kept).
 * Widening a CHECK constraint: PostgreSQL replaces the constraint;
 * SQLite cannot alter one, so its table definition is rewritten in place, which SQLite documents
 * as safe for a constraint every stored row already meets (no data moves).
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-url';
import type { MigrationHooks } from './migration-hooks';

const BEFORE = "status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')";
const AFTER = "status in ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'stopped-early')";

export function sweepsMigration(dialect: StoreDialect, hooks: MigrationHooks): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sweep_rungs')
        .addColumn('experiment_id', 'text', (c) => c.notNull().references('experiments.id').onDelete('cascade'))
        .addColumn('step', 'bigint', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('continue', 'stop')`))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('sweep_rungs_pk', ['experiment_id', 'step', 'run_id'])
        .modifyEnd(dialect === 'sqlite' ? sql`without rowid` : sql``)
        .execute();
      if (dialect === 'postgres') {
        await sql`alter table runs drop constraint runs_status_check`.execute(db);
        await sql`alter table runs add constraint runs_status_check check (${sql.raw(AFTER)})`.execute(db);
        return;
      }
      if (!hooks.rewriteSqliteTable) throw new Error('migration 0004 needs the SQLite schema hook');
      hooks.rewriteSqliteTable('runs', (definition) => {
        if (!definition.includes(BEFORE)) throw new Error(`migration 0004: the runs table has no status check to widen: ${definition}`);
        return definition.replace(BEFORE, AFTER);
      });
    },
  };
}
