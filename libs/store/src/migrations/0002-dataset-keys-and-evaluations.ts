/**
 * Prepared datasets found by what they were prepared from, and evaluations of finished runs.
 * - prepared_dataset_keys: the key of a dataset spec (a hash of task, data seed and source bytes)
 *   -> the prepared dataset it produced. Many keys may name one dataset (two specs that give the
 *   same bytes store them once).
 * - evaluations: a finished run's model scored on a split, or on another dataset of the same kind;
 *   the id is content-addressed (run, split, dataset) like run ids, so asking twice is one row.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-url';

export function datasetKeysAndEvaluationsMigration(dialect: StoreDialect): Migration {
  const clustered = dialect === 'sqlite' ? sql`without rowid` : sql``;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('prepared_dataset_keys')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('dataset_id', 'text', (c) => c.notNull().references('prepared_datasets.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .modifyEnd(clustered)
        .execute();

      await db.schema
        .createTable('evaluations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('split', 'text', (c) => c.notNull().check(sql`split in ('train', 'val', 'test')`))
        // the task the model is scored on: null = the run's own
        .addColumn('task', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'running', 'succeeded', 'failed')`))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('checkpoint_step', 'integer')
        .addColumn('metrics', 'text')
        .addColumn('failure_reason', 'text')
        .addColumn('prepared_dataset_id', 'text', (c) => c.references('prepared_datasets.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema.createIndex('evaluations_run_idx').on('evaluations').columns(['run_id', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('evaluations').ifExists().execute();
      await db.schema.dropTable('prepared_dataset_keys').ifExists().execute();
    },
  };
}
