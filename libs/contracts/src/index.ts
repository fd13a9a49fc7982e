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
} from './jobs';
export type { QueueName, RunStatus, RunFinalMetrics, TrainJobData, TrainJobDataInput, TrainJobResult, TrainProgress } from './jobs';
