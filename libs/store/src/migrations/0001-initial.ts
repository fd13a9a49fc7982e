/**
 * The first schema: every table of issue #7. One migration for both dialects; they differ only in
 * the blob type (BLOB / bytea), the event id (AUTOINCREMENT / identity) and SQLite's WITHOUT ROWID
 * for tables whose primary key is the natural key (one b-tree instead of two).
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-url';

const RUN_STATUS_CHECK = sql`status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`;

export function initialMigration(dialect: StoreDialect): Migration {
  const blob = dialect === 'sqlite' ? 'blob' : 'bytea';
  // natural-key tables: WITHOUT ROWID in SQLite, a plain table in PostgreSQL
  const clustered = <T extends string, C extends string>(b: CreateTableBuilder<T, C>) =>
    dialect === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b;

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('experiments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('spec_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .execute();

      await db.schema
        .createTable('prepared_datasets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('data', blob, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('experiment_id', 'text', (c) => c.references('experiments.id').onDelete('cascade'))
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('config_hash', 'text', (c) => c.notNull())
        .addColumn('seed', 'bigint', (c) => c.notNull())
        .addColumn('cell', 'text', (c) => c.notNull())
        .addColumn('task', 'text', (c) => c.notNull())
        .addColumn('engine', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull().check(RUN_STATUS_CHECK))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('resumed_from_step', 'bigint')
        .addColumn('host', 'text')
        .addColumn('worker_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('finished_at', 'bigint')
        .addColumn('final_metrics', 'text')
        .addColumn('failure_reason', 'text')
        .addColumn('cancel_requested', 'integer', (c) =>
          c.notNull().defaultTo(0).check(sql`cancel_requested in (0, 1)`),
        )
        .addColumn('prepared_dataset_id', 'text', (c) => c.references('prepared_datasets.id'))
        .execute();
      // the reconciler's and the runs page's queries
      await db.schema.createIndex('runs_status_idx').on('runs').columns(['status', 'priority', 'created_at']).execute();
      await db.schema.createIndex('runs_experiment_idx').on('runs').columns(['experiment_id', 'created_at']).execute();
      await db.schema.createIndex('runs_created_idx').on('runs').columns(['created_at']).execute();

      await db.schema
        .createTable('run_events')
        .$call((b) =>
          dialect === 'sqlite'
            ? b.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
            : b.addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity()),
        )
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('step', 'bigint')
        .addColumn('host', 'text')
        .addColumn('message', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('run_events_run_idx').on('run_events').columns(['run_id', 'id']).execute();
      // a re-run attempt repeating an event adds nothing; a null step counts as one value (-1)
      await sql`create unique index run_events_once on run_events (run_id, attempt, kind, (coalesce(step, -1)))`.execute(db);

      await db.schema
        .createTable('metrics')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('split', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('step', 'bigint', (c) => c.notNull())
        .addColumn('value', 'double precision')
        .addPrimaryKeyConstraint('metrics_pk', ['run_id', 'split', 'name', 'step'])
        .$call(clustered)
        .execute();

      await db.schema
        .createTable('diagnostics')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('step', 'bigint', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('diagnostics_pk', ['run_id', 'step'])
        .$call(clustered)
        .execute();

      await db.schema
        .createTable('samples')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('step', 'bigint', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('samples_pk', ['run_id', 'step'])
        .$call(clustered)
        .execute();

      await db.schema
        .createTable('checkpoints')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('step', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('data', blob, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('checkpoints_pk', ['run_id', 'step'])
        .execute();

      await db.schema
        .createTable('workers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('engine', 'text', (c) => c.notNull())
        .addColumn('cores', 'integer', (c) => c.notNull())
        .addColumn('concurrency', 'integer', (c) => c.notNull())
        .addColumn('current_runs', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['workers', 'checkpoints', 'samples', 'diagnostics', 'metrics', 'run_events', 'runs', 'prepared_datasets', 'experiments']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
