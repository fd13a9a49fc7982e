/**
 * A comparison's runs: every cell of the spec with every seed, all on one data seed (so they share
 * their prepared dataset and differ only in the cell, the init and the shuffling); a comparison
 * over a model option (`vary`, e.g. context last/transform/attention) has a group per cell and
 * value. With match
 * `params` each cell gets the hidden size whose parameter count is nearest the reference's: the
 * cell with the most parameters at the given hidden size (an LSTM, when listed), at that size or
 * within 10% of it, whichever makes the counts closest.
 */
import { dataSeedOf, type CellKind, type CompareSpec, type RunConfig } from '@rnnlab/contracts';

/** parameter count of a run's model (the caller knows the dataset's sizes) */
export type ParamsOf = (config: RunConfig) => number;

export interface CellPlan {
  cell: CellKind;
  /** a comparison over a model option: the group's name (`context=attention`, `gru context=last`) and value */
  label?: string;
  variant?: string | number | boolean;
  hidden: number;
  params: number;
}

/** what a group of a comparison is called in its report: the cell, or the variant's label */
export const groupOf = (c: { cell: string; label?: string }): string => c.label ?? c.cell;

export interface PlannedRun {
  /** the group (see groupOf) */
  group: string;
  cell: CellKind;
  seed: number;
  config: RunConfig;
}

export interface ComparePlan {
  cells: CellPlan[];
  runs: PlannedRun[];
  /** (largest - smallest) / largest parameter count over the cells */
  paramsGap: number;
}

const MAX_HIDDEN = 8192;

const withCell = (base: RunConfig, cell: CellKind, hidden: number): RunConfig => ({ ...base, model: { ...base.model, cell, hidden } });

/** a group of runs: a cell, with the variant's value set when the comparison is over a model option */
interface Group {
  plan: Omit<CellPlan, 'hidden' | 'params'>;
  base: RunConfig;
}

function setPath(config: RunConfig, path: string, value: unknown): RunConfig {
  const out = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
  const [head, tail] = path.split('.');
  if (tail === undefined) (out as Record<string, unknown>)[head] = value;
  else out[head] = { ...out[head], [tail]: value };
  return out as unknown as RunConfig;
}

function groupsOf(spec: CompareSpec, base: RunConfig): Group[] {
  const vary = spec.vary;
  if (!vary) return spec.cells.map((cell) => ({ plan: { cell }, base }));
  return spec.cells.flatMap((cell) =>
    vary.values.map((v) => ({
      plan: { cell, label: `${spec.cells.length > 1 ? `${cell} ` : ''}${vary.flag}=${String(v)}`, variant: v },
      base: setPath(base, vary.path, v),
    })),
  );
}

/** the hidden size of a group whose parameter count is nearest `target` (they grow with hidden) */
function hiddenFor(g: Group, target: number, paramsOf: ParamsOf): number {
  let lo = 1;
  let hi = MAX_HIDDEN;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (paramsOf(withCell(g.base, g.plan.cell, mid)) < target) lo = mid + 1;
    else hi = mid;
  }
  // lo is the first size at or above target; its neighbour below may be nearer
  const below = Math.max(1, lo - 1);
  const gap = (h: number) => Math.abs(paramsOf(withCell(g.base, g.plan.cell, h)) - target);
  return gap(below) < gap(lo) ? below : lo;
}

/**
 * The runs of a comparison.
 * @example const plan = planCompare(spec, (c) => expectedParamCount(ModelSpecSchema.parse(modelSpecFor(c, ds))));
 */
export function planCompare(spec: CompareSpec, paramsOf: ParamsOf): ComparePlan {
  const base: RunConfig = { ...spec.base, dataSeed: dataSeedOf(spec.base) };
  const hidden = base.model.hidden;
  const groups = groupsOf(spec, base);
  const sized = (g: Group, h: number): CellPlan => ({ ...g.plan, hidden: h, params: paramsOf(withCell(g.base, g.plan.cell, h)) });
  let cells: CellPlan[] = groups.map((g) => sized(g, hidden));
  if (spec.match === 'params') {
    // The largest group at --hidden sets the target, the others take their nearest size. Sizes move
    // the count in steps (a few % for small models), so the reference may move a few units too:
    // of the reference sizes within 10% of --hidden, the one with the smallest spread of counts.
    const ref = cells.indexOf(cells.reduce((a, b) => (b.params > a.params ? b : a)));
    const span = Math.max(3, Math.round(hidden * 0.1));
    let best: { cells: CellPlan[]; spread: number; shift: number } | null = null;
    for (let shift = -span; shift <= span; shift++) {
      const h = hidden + shift;
      if (h < 1 || h > MAX_HIDDEN) continue;
      const target = paramsOf(withCell(groups[ref].base, groups[ref].plan.cell, h));
      const tried = groups.map((g, i) => sized(g, i === ref ? h : hiddenFor(g, target, paramsOf)));
      const counts = tried.map((c) => c.params);
      const spread = (Math.max(...counts) - Math.min(...counts)) / Math.max(...counts);
      const better = !best || spread < best.spread - 1e-12 || (Math.abs(spread - best.spread) <= 1e-12 && Math.abs(shift) < Math.abs(best.shift));
      if (better) best = { cells: tried, spread, shift };
    }
    cells = (best as { cells: CellPlan[] }).cells;
  }
  const counts = cells.map((c) => c.params);
  const paramsGap = (Math.max(...counts) - Math.min(...counts)) / Math.max(...counts);
  const runs: PlannedRun[] = [];
  for (let i = 0; i < spec.seeds; i++) {
    cells.forEach((c, gi) => {
      const seed = spec.base.seed + i;
      runs.push({ group: groupOf(c), cell: c.cell, seed, config: { ...withCell(groups[gi].base, c.cell, c.hidden), seed } });
    });
  }
  return { cells, runs, paramsGap };
}
