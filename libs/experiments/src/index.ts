export { planCompare } from './expand-compare';
export type { CellPlan, ComparePlan, ParamsOf, PlannedRun } from './expand-compare';
export { buildReport } from './build-report';
export type { ReportInput, ReportRun } from './build-report';
export { solvedRule } from './solved';
export type { SolvedRule } from './solved';
export { verdictOf } from './verdict';
