/**
 * Uploads: a text corpus a user uploaded (from a text, CSV or JSONL file), the text a run of task
 * `text` reads with `task.upload`. The id is the SHA-256 of `data` (the corpus as UTF-8), so an
 * upload of the same text is the same row, and a read re-hashes the bytes against it. `label` is
 * the file's name, checked and kept for display only; `preview` (the first characters) serves
 * lists without reading the blob. A plain table, like artifacts: rows hold large blobs.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../database-url';

export function uploadsMigration(dialect: StoreDialect): Migration {
  const blob = dialect === 'sqlite' ? 'blob' : 'bytea';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('uploads')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('text', 'csv', 'jsonl')`))
        // the file as it was uploaded, and the corpus taken from it
        .addColumn('file_bytes', 'bigint', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('chars', 'bigint', (c) => c.notNull())
        .addColumn('entries', 'bigint', (c) => c.notNull())
        .addColumn('preview', 'text', (c) => c.notNull())
        .addColumn('data', blob, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('uploads_created_idx').on('uploads').columns(['created_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('uploads').ifExists().execute();
    },
  };
}
