/**
 * Which group of an experiment a run belongs to: its cell, or in a comparison over a model option
 * (`spec.vary`) its cell and that option's value, named as the plan names it (`gru context=attention`);
 * in a sweep its trial: the cell and the options varied (`gru lr=0.003 hidden=64`), each trial a
 * group of its own. The report job and the dashboard both group runs this way.
 */
import type { RunConfig } from './run-config';

/** a group as an experiment's plan names it (CellPlan in @rnnlab/experiments) */
interface PlannedGroup {
  cell: string;
  label?: string;
  variant?: string | number | boolean;
}

export interface GroupedExperiment {
  spec: Record<string, unknown>;
}

const valueAt = (config: RunConfig, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), config);

export function groupOfRun(experiment: GroupedExperiment, run: { cell: string; config: RunConfig }): string {
  if (experiment.spec.kind === 'sweep') {
    const axes = (experiment.spec.axes as { flag: string; path: string }[] | undefined) ?? [];
    const options = axes.filter((a) => a.path !== 'model.cell').map((a) => `${a.flag}=${String(valueAt(run.config, a.path))}`);
    return [run.cell, ...options].join(' ');
  }
  const vary = experiment.spec.vary as { path: string } | undefined;
  if (!vary) return run.cell;
  const plan = experiment.spec.plan as { cells?: PlannedGroup[] } | undefined;
  const [head, key] = vary.path.split('.');
  const value = (run.config as unknown as Record<string, Record<string, unknown>>)[head]?.[key];
  const group = plan?.cells?.find((c) => c.cell === run.cell && c.variant === value);
  return group ? (group.label ?? group.cell) : `${run.cell} ${String(value)}`;
}
