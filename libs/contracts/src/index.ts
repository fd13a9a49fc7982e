export {
  CELLS,
  TASKS,
  TASK_KINDS,
  TOKENIZERS,
  OPTIMIZERS,
  SCHEDULES,
  CONTEXT_MODES,
  ONE_TO_MANY_MODES,
  TaskConfigSchema,
  ModelConfigSchema,
  TrainConfigSchema,
  RunConfigSchema,
  parseRunConfig,
  dataSeedOf,
  formatZodIssues,
  ConfigError,
} from './run-config';
export type {
  CellKind,
  TaskName,
  TaskKind,
  TokenizerKind,
  OptimizerKind,
  ScheduleKind,
  ContextMode,
  OneToManyMode,
  TaskConfig,
  ModelConfig,
  TrainConfig,
  RunConfig,
  RunConfigInput,
} from './run-config';
export type {
  StartEvent,
  WarningEvent,
  StepEvent,
  EvalEvent,
  DiagnosticsEvent,
  LayerDiagnostics,
  CheckpointEvent,
  DoneEvent,
  TrainerEvent,
  TrainerListener,
  Metrics,
} from './events';
export { inapplicableFields } from './applicability';
export type { ApplicabilityIssue } from './applicability';
export { editDistance } from './zod-issues';
export {
  QUEUES,
  RUN_ID_PATTERN,
  RunIdSchema,
  RUN_STATUSES,
  FINAL_STATUSES,
  TrainJobDataSchema,
  TrainJobResultSchema,
  TrainProgressSchema,
  CANCEL_CHANNEL,
  MAX_RUN_REFUSALS,
  QUEUE_KINDS,
  PrepareJobDataSchema,
  PrepareJobResultSchema,
  prepareJobIdFor,
  EVALUATION_ID_PATTERN,
  EvaluateJobDataSchema,
  PlanRunRequestSchema,
  PlanSweepRequestSchema,
  PlanRequestSchema,
  PlanJobDataSchema,
  PlanFieldErrorSchema,
  PlanJobResultSchema,
} from './jobs';
export type {
  QueueName,
  QueueKind,
  RunStatus,
  RunFinalMetrics,
  TrainJobData,
  TrainJobDataInput,
  TrainJobResult,
  TrainProgress,
  PrepareJobData,
  PrepareJobResult,
  EvaluateJobData,
  EvaluateJobDataInput,
  PlanRunRequest,
  PlanSweepRequest,
  PlanRequest,
  PlanRequestInput,
  PlanJobData,
  PlanJobDataInput,
  PlanFieldError,
  PlanJobResult,
} from './jobs';
export { planFieldPath, planRequestErrors } from './plan-errors';
export {
  EXPERIMENT_ID_PATTERN,
  ExperimentIdSchema,
  MATCH_MODES,
  CompareSpecSchema,
  ReportJobDataSchema,
  reportJobIdFor,
} from './experiments';
export type {
  MatchMode,
  CompareSpec,
  CompareSpecInput,
  ReportJobData,
  MeanCi,
  CellSummary,
  PairwiseTest,
  CellCurve,
  ExperimentReport,
} from './experiments';
export { BATTERY_LAGS, BATTERY_TASKS, LAG_LABELS, BatterySpecSchema, lagFieldOf } from './batteries';
export type { BatteryTask, LagField, BatterySpec, BatterySpecInput, CellHorizon, BatteryReport } from './batteries';
export { AshaSchema, SweepSpecSchema } from './sweeps';
export type { Asha, SweepSpec, SweepTrial, SweepReport } from './sweeps';
export { groupOfRun } from './group-of-run';
export { UPLOAD_ID_PATTERN, UploadIdSchema, UPLOAD_FORMATS, MAX_UPLOAD_NAME_CHARS } from './uploads';
export type { UploadFormat } from './uploads';
export type { GroupedExperiment } from './group-of-run';
export { MODEL_ARTIFACT_KIND, MODEL_ARTIFACT_FILES } from './artifacts';
export type { ModelArtifactFile } from './artifacts';
export { OptionError, RUN_CONFIG_FLAGS, describeExpected, parseFlagValue, flagForPath } from './run-options';
export type { FlagKind, FlagSpec, FlagValue } from './run-options';
