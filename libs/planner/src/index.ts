export { planExperiment, MAX_PARAMS_GAP, WORKER_MEMORY_LIMIT } from './plan-experiment';
export type { PlannedExperiment, PlanExperimentOptions } from './plan-experiment';
export { planSingleRun } from './plan-run';
export type { PlannedSingleRun, PlanRunOptions, RunEngine } from './plan-run';
export { planRequest } from './plan-request';
export type { Planned } from './plan-request';
export { givenFields } from './given-fields';
export { fieldErrorsOf } from './plan-issue';
export type { PlanIssue, PlanIssueCode, PlanOutcome } from './plan-issue';
