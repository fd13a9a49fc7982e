export { openStore } from './open-store';
export type { StoreOptions } from './open-store';
export type { Store } from './store';
export { resolveDatabaseTarget, redactDatabaseUrl, DATABASE_URL_FORMS, DEFAULT_DATABASE_FILE } from './database-url';
export type { StoreDialect, DatabaseTarget } from './database-url';

export { ACTIVE_RUN_STATUSES, MAX_FAILURE_REASON } from './runs-repository';
export type { RunRow, NewRun, FinalRunStatus, ListRunsQuery, StartAttempt, FinishRun } from './runs-repository';
export { RUN_SORT_FIELDS, SORT_DIRECTIONS, FINAL_METRIC_SPLITS, FINAL_METRIC_NAME_PATTERN, RUN_COUNT_FIELDS, DEFAULT_RUN_SORT } from './runs-query';
export type { RunFilter, RunSort, RunSortField, SortDirection, FinalMetricSplit, RunCountField } from './runs-query';
export { RUN_EVENT_KINDS } from './run-events-repository';
export type { RunEvent, NewRunEvent, RunEventKind } from './run-events-repository';
export { METRIC_SPLITS, METRIC_BATCH_ROWS } from './metrics-repository';
export type { MetricPoint, MetricSplit, MetricsQuery } from './metrics-repository';
export { MAX_SERIES_RUNS, MAX_SERIES_BUCKETS } from './metric-series-repository';
export type { MetricBucket, MetricSeriesQuery } from './metric-series-repository';
export type { Sample } from './samples-repository';
export type { RungDecision, RungRecord } from './sweep-rungs-repository';
export { MAX_SAMPLE_CHARS } from './samples-repository';
export { CHECKPOINTS_KEPT, MAX_BLOB_BYTES } from './checkpoints-repository';
export type { CheckpointInfo, StoredCheckpoint, LatestCheckpoint } from './checkpoints-repository';
export { ARTIFACT_KIND_PATTERN, ARTIFACT_NAME_PATTERN } from './artifacts-repository';
export type { ArtifactInfo, StoredArtifact } from './artifacts-repository';
export type { WorkerInfo, WorkerRegistration } from './workers-repository';
export type { PreparedDataset, NewPreparedDataset } from './prepared-datasets-repository';
export { EVALUATION_STATUSES, EVALUATION_SPLITS } from './evaluations-repository';
export type { Evaluation, NewEvaluation, FinishEvaluation, EvaluationStatus, EvaluationSplit } from './evaluations-repository';
export { EXPERIMENT_STATUSES } from './experiments-repository';
export type { Experiment, NewExperiment, ExperimentStatus, PageQuery } from './experiments-repository';
export { MAX_UPLOAD_LABEL_CHARS, UPLOAD_PREVIEW_CHARS } from './uploads-repository';
export type { NewUpload, UploadInfo, StoredUpload } from './uploads-repository';
export { ID_PATTERN } from './validate';

export { StoreError } from './errors/store-error';
export { StoreUnavailableError } from './errors/store-unavailable-error';
export { StoreConfigError } from './errors/store-config-error';
export { StoreInputError } from './errors/store-input-error';
export { StoreClosedError } from './errors/store-closed-error';
export { IntegrityError } from './errors/integrity-error';
export { CheckpointIntegrityError } from './errors/checkpoint-integrity-error';

export {
  createTestPostgresDatabase,
  probeTestPostgres,
  postgresAvailable,
  testPostgresUrl,
  DEFAULT_TEST_POSTGRES_URL,
} from './testing/test-postgres-database';
export type { TestPostgresDatabase, PostgresProbe } from './testing/test-postgres-database';
