/**
 * The store's one migration set. Names sort in the order they run; a new migration gets the next
 * number and never edits an earlier one (databases in the field have already run it).
 */
import type { Migration, MigrationProvider } from 'kysely/migration';
import type { StoreDialect } from '../database-url';
import { initialMigration } from './0001-initial';
import { datasetKeysAndEvaluationsMigration } from './0002-dataset-keys-and-evaluations';
import { experimentReportsMigration } from './0003-experiment-reports';
import { sweepsMigration } from './0004-sweeps';
import { runsPageIndexesMigration } from './0005-runs-page-indexes';
import { artifactsMigration } from './0006-artifacts';
import { uploadsMigration } from './0007-uploads';
import type { MigrationHooks } from './migration-hooks';

export function migrationSet(dialect: StoreDialect, hooks: MigrationHooks = {}): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-dataset-keys-and-evaluations': datasetKeysAndEvaluationsMigration(dialect),
    '0003-experiment-reports': experimentReportsMigration(dialect),
    '0004-sweeps': sweepsMigration(dialect, hooks),
    '0005-runs-page-indexes': runsPageIndexesMigration(),
    '0006-artifacts': artifactsMigration(dialect),
    '0007-uploads': uploadsMigration(dialect),
  };
}

export function migrationProvider(dialect: StoreDialect, hooks: MigrationHooks = {}): MigrationProvider {
  return { getMigrations: async () => migrationSet(dialect, hooks) };
}
