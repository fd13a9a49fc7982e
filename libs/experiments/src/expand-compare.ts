/**
 * A comparison's runs: every cell of the spec with every seed, all on one data seed (so they share
 * their prepared dataset and differ only in the cell, the init and the shuffling). With match
 * `params` each cell gets the hidden size whose parameter count is nearest the reference's: the
 * cell with the most parameters at the given hidden size (an LSTM, when listed), at that size or
 * within 10% of it, whichever makes the counts closest.
 */
import { dataSeedOf, type CellKind, type CompareSpec, type RunConfig } from '@rnnlab/contracts';

/** parameter count of a run's model (the caller knows the dataset's sizes) */
export type ParamsOf = (config: RunConfig) => number;

export interface CellPlan {
  cell: CellKind;
  hidden: number;
  params: number;
}

export interface PlannedRun {
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

/** the hidden size of `cell` whose parameter count is nearest `target` (they grow with hidden) */
function hiddenFor(base: RunConfig, cell: CellKind, target: number, paramsOf: ParamsOf): number {
  let lo = 1;
  let hi = MAX_HIDDEN;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (paramsOf(withCell(base, cell, mid)) < target) lo = mid + 1;
    else hi = mid;
  }
  // lo is the first size at or above target; its neighbour below may be nearer
  const below = Math.max(1, lo - 1);
  return Math.abs(paramsOf(withCell(base, cell, below)) - target) < Math.abs(paramsOf(withCell(base, cell, lo)) - target) ? below : lo;
}

/**
 * The runs of a comparison.
 * @example const plan = planCompare(spec, (c) => expectedParamCount(ModelSpecSchema.parse(modelSpecFor(c, ds))));
 */
export function planCompare(spec: CompareSpec, paramsOf: ParamsOf): ComparePlan {
  const base: RunConfig = { ...spec.base, dataSeed: dataSeedOf(spec.base) };
  const hidden = base.model.hidden;
  let cells: CellPlan[] = spec.cells.map((cell) => ({ cell, hidden, params: paramsOf(withCell(base, cell, hidden)) }));
  if (spec.match === 'params') {
    // The largest cell at --hidden sets the target, the others take their nearest size. Sizes move
    // the count in steps (a few % for small models), so the reference may move a few units too:
    // of the reference sizes within 10% of --hidden, the one with the smallest spread of counts.
    const ref = cells.reduce((a, b) => (b.params > a.params ? b : a));
    const span = Math.max(3, Math.round(hidden * 0.1));
    let best: { cells: CellPlan[]; spread: number; shift: number } | null = null;
    for (let shift = -span; shift <= span; shift++) {
      const h = hidden + shift;
      if (h < 1 || h > MAX_HIDDEN) continue;
      const target = paramsOf(withCell(base, ref.cell, h));
      const sized = cells.map((c) => {
        const ch = c.cell === ref.cell ? h : hiddenFor(base, c.cell, target, paramsOf);
        return { cell: c.cell, hidden: ch, params: paramsOf(withCell(base, c.cell, ch)) };
      });
      const counts = sized.map((c) => c.params);
      const spread = (Math.max(...counts) - Math.min(...counts)) / Math.max(...counts);
      const better = !best || spread < best.spread - 1e-12 || (Math.abs(spread - best.spread) <= 1e-12 && Math.abs(shift) < Math.abs(best.shift));
      if (better) best = { cells: sized, spread, shift };
    }
    cells = (best as { cells: CellPlan[] }).cells;
  }
  const counts = cells.map((c) => c.params);
  const paramsGap = (Math.max(...counts) - Math.min(...counts)) / Math.max(...counts);
  const runs: PlannedRun[] = [];
  for (let i = 0; i < spec.seeds; i++) {
    for (const c of cells) {
      const seed = spec.base.seed + i;
      runs.push({ cell: c.cell, seed, config: { ...withCell(base, c.cell, c.hidden), seed } });
    }
  }
  return { cells, runs, paramsGap };
}
