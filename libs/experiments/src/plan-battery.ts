/**
 * A battery's runs: the comparison of its spec (same cells, sizes, seeds and data seed) at every
 * lag, shortest lag first so that the easy answers come in first.
 */
import { lagFieldOf, type BatterySpec } from '@rnnlab/contracts';
import { groupOf, planCompare, type ComparePlan, type ParamsOf, type PlannedRun } from './expand-compare';

export interface PlannedBatteryRun extends PlannedRun {
  lag: number;
}

export interface BatteryPlan extends Omit<ComparePlan, 'runs'> {
  runs: PlannedBatteryRun[];
}

/** @example const plan = planBattery(spec, (c) => expectedParamCount(ModelSpecSchema.parse(modelSpecFor(c, ds)))); */
export function planBattery(spec: BatterySpec, paramsOf: ParamsOf): BatteryPlan {
  const field = lagFieldOf(spec.base.task.name);
  // a cell's parameter count does not depend on the lag: size the cells once
  const { cells, paramsGap } = planCompare({ ...spec, kind: 'compare' }, paramsOf);
  const runs: PlannedBatteryRun[] = [];
  for (const lag of spec.lags) {
    const base = { ...spec.base, task: { ...spec.base.task, [field]: lag } };
    const plan = planCompare({ ...spec, kind: 'compare', base, match: 'hidden' }, paramsOf);
    for (const r of plan.runs) {
      const hidden = (cells.find((c) => groupOf(c) === r.group) as { hidden: number }).hidden;
      runs.push({ ...r, lag, config: { ...r.config, model: { ...r.config.model, hidden } } });
    }
  }
  return { cells, runs, paramsGap };
}

