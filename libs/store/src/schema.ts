/**
 * The database as Kysely sees it: one interface per table, snake_case as in SQL. The same schema
 * holds in SQLite and PostgreSQL (see migrations/0001-initial.ts for the few type differences):
 * - JSON is stored as text in both (the repositories parse it), so both dialects round-trip the
 *   exact document. The one query inside it: listRuns sorting by a final metric (runs-query.ts).
 * - times are integers, ms since the epoch, taken from the database's clock (bigint in PostgreSQL,
 *   which the pool parses back to a number: ms timestamps are far below 2^53).
 * - booleans are 0/1 integers (better-sqlite3 cannot bind a JS boolean; one code path for both).
 * - blobs are BLOB / bytea and come back as Buffers.
 */
import type { Generated } from 'kysely';

export interface ExperimentsTable {
  id: string;
  name: string;
  kind: string;
  spec: string;
  spec_hash: string;
  created_at: number;
  status: string;
}

export interface RunsTable {
  id: string;
  experiment_id: string | null;
  config: string;
  config_hash: string;
  seed: number;
  cell: string;
  task: string;
  engine: string;
  priority: number;
  status: string;
  attempts: number;
  resumed_from_step: number | null;
  host: string | null;
  worker_id: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  final_metrics: string | null;
  failure_reason: string | null;
  cancel_requested: number;
  prepared_dataset_id: string | null;
}

export interface RunEventsTable {
  id: Generated<number>;
  run_id: string;
  attempt: number;
  kind: string;
  step: number | null;
  host: string | null;
  message: string | null;
  at: number;
}

export interface MetricsTable {
  run_id: string;
  split: string;
  name: string;
  step: number;
  /** null stands for NaN, which SQLite cannot store (a diverged loss is still worth recording) */
  value: number | null;
}

export interface DiagnosticsTable {
  run_id: string;
  step: number;
  payload: string;
  created_at: number;
}

export interface SamplesTable {
  run_id: string;
  step: number;
  text: string;
  created_at: number;
}

export interface CheckpointsTable {
  run_id: string;
  step: number;
  sha256: string;
  bytes: number;
  data: Uint8Array;
  created_at: number;
}

export interface ArtifactsTable {
  run_id: string;
  kind: string;
  name: string;
  sha256: string;
  bytes: number;
  data: Uint8Array;
  created_at: number;
}

export interface WorkersTable {
  id: string;
  host: string;
  pid: number;
  engine: string;
  cores: number;
  concurrency: number;
  current_runs: string;
  started_at: number;
  heartbeat_at: number;
}

export interface PreparedDatasetsTable {
  id: string;
  config: string;
  bytes: number;
  data: Uint8Array;
  created_at: number;
}

export interface PreparedDatasetKeysTable {
  key: string;
  dataset_id: string;
  created_at: number;
}

export interface EvaluationsTable {
  id: string;
  run_id: string;
  split: string;
  task: string | null;
  status: string;
  attempts: Generated<number>;
  checkpoint_step: number | null;
  metrics: string | null;
  failure_reason: string | null;
  prepared_dataset_id: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface ExperimentReportsTable {
  experiment_id: string;
  report: string;
  created_at: number;
}

export interface UploadsTable {
  id: string;
  label: string;
  format: string;
  file_bytes: number;
  bytes: number;
  chars: number;
  entries: number;
  preview: string;
  data: Uint8Array;
  created_at: number;
}

export interface Database {
  experiments: ExperimentsTable;
  runs: RunsTable;
  run_events: RunEventsTable;
  metrics: MetricsTable;
  diagnostics: DiagnosticsTable;
  samples: SamplesTable;
  checkpoints: CheckpointsTable;
  artifacts: ArtifactsTable;
  workers: WorkersTable;
  prepared_datasets: PreparedDatasetsTable;
  prepared_dataset_keys: PreparedDatasetKeysTable;
  evaluations: EvaluationsTable;
  experiment_reports: ExperimentReportsTable;
  sweep_rungs: SweepRungsTable;
  uploads: UploadsTable;
}

export interface SweepRungsTable {
  experiment_id: string;
  step: number;
  run_id: string;
  value: number;
  decision: string;
  created_at: number;
}
