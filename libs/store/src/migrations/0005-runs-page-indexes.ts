/**
 * Indexes for the runs page (listRuns / countRuns filtered by cell or task, newest first, with
 * 10,000 runs and more): each filter column followed by the default order, so a filtered page is
 * read in order from the index instead of sorting every matching run. Filtering by status or
 * experiment is served by the indexes of 0001. Sorting by a final metric reads every matching
 * row's JSON document: no index can serve a metric chosen at query time.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export function runsPageIndexesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('runs_cell_idx').on('runs').columns(['cell', 'created_at']).execute();
      await db.schema.createIndex('runs_task_idx').on('runs').columns(['task', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('runs_task_idx').ifExists().execute();
      await db.schema.dropIndex('runs_cell_idx').ifExists().execute();
    },
  };
}
