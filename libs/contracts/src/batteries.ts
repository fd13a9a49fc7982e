/**
 * Memory-horizon batteries: a comparison repeated at growing lags (the adding problem's sequence
 * length, the copy task's delay), every cell at every lag with the same seeds and data seed. The
 * report gives the solved metric against lag per cell and each cell's memory horizon: the longest
 * lag up to which it solves every lag tested.
 */
import { z } from 'zod';
import { CompareSpecSchema, type ExperimentReport } from './experiments';

/** The tasks a battery runs, and the task field that is their lag. */
export const BATTERY_LAGS = { adding: 'seqLen', copy: 'lag' } as const;
export type BatteryTask = keyof typeof BATTERY_LAGS;
export const BATTERY_TASKS = Object.keys(BATTERY_LAGS) as BatteryTask[];
export type LagField = (typeof BATTERY_LAGS)[BatteryTask];

/** what the lag is called in reports */
export const LAG_LABELS: Record<LagField, string> = { seqLen: 'sequence length T', lag: 'delay' };

export const BatterySpecSchema = CompareSpecSchema.extend({
  kind: z.literal('battery'),
  /** ascending, each once */
  lags: z
    .array(z.number().int().min(1).max(100_000))
    .min(2)
    .max(12)
    .refine((l) => l.every((x, i) => i === 0 || x > l[i - 1]), 'expected ascending lags, each once'),
}).superRefine((s, ctx) => {
  if (!(s.base.task.name in BATTERY_LAGS)) {
    ctx.addIssue({ code: 'custom', path: ['base', 'task', 'name'], message: `a battery runs ${BATTERY_TASKS.join(' or ')}, got ${s.base.task.name}` });
  }
});
export type BatterySpec = z.infer<typeof BatterySpecSchema>;
export type BatterySpecInput = z.input<typeof BatterySpecSchema>;

/** The task field that is the lag of a battery task. */
export const lagFieldOf = (task: string): LagField => {
  const f = (BATTERY_LAGS as Record<string, LagField>)[task];
  if (!f) throw new Error(`no lag for task ${task}: a battery runs ${BATTERY_TASKS.join(' or ')}`);
  return f;
};

export interface CellHorizon {
  cell: string;
  /** the longest lag up to which the cell solves every lag tested; null: not even the shortest */
  horizon: number | null;
  /** every lag it solves (it may solve a longer one by luck past a failure) */
  solvedAt: number[];
}

export interface BatteryReport {
  experimentId: string;
  kind: 'battery';
  task: string;
  lagField: LagField;
  lagLabel: string;
  lags: number[];
  /** the metric "solved" is decided on (mse for adding, recall_accuracy for copy) */
  metric: string;
  lowerIsBetter: boolean;
  solvedRule: string;
  /** the comparison at each lag */
  perLag: { lag: number; report: ExperimentReport }[];
  horizons: CellHorizon[];
  verdict: string;
  failures: ExperimentReport['failures'];
  createdAt: number;
}
