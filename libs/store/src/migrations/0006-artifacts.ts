/**
 * Artifacts: files a finished run produced for download, e.g. its model in the TensorFlow.js layers
 * format (`tfjs-layers` / `model.json`, `weights.bin`). One row per (run, kind, name), written once
 * (the first write wins, so a job that runs twice stores its files once), with the SHA-256 and
 * size of the bytes, re-hashed on read. A plain table, like checkpoints: rows hold large blobs.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-url';

export function artifactsMigration(dialect: StoreDialect): Migration {
  const blob = dialect === 'sqlite' ? 'blob' : 'bytea';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('artifacts')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('data', blob, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('artifacts_pk', ['run_id', 'kind', 'name'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('artifacts').ifExists().execute();
    },
  };
}
