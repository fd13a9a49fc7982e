/**
 * Asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel Hyperparameter
 * Tuning"), stopping form: rungs at minSteps * eta^k; a trial reaching a rung goes on when it ranks
 * in the top floor(n/eta) (at least 1) of the n trials that have reached that rung, itself included.
 * The first to arrive always goes on: asynchronous, nobody waits for a rung to fill.
 */
export type Decision = 'continue' | 'stop';

/** Rung steps below `steps`: minSteps, minSteps * eta, … */
export function ashaRungs(minSteps: number, eta: number, steps: number): number[] {
  if (!Number.isInteger(minSteps) || minSteps < 1) throw new RangeError(`ashaRungs: minSteps must be a positive integer, got ${minSteps}`);
  if (!Number.isInteger(eta) || eta < 2) throw new RangeError(`ashaRungs: eta must be an integer of at least 2, got ${eta}`);
  const rungs: number[] = [];
  for (let r = minSteps; r < steps; r *= eta) rungs.push(r);
  return rungs;
}

/** The decision for `value` (lower is better) at a rung where `earlier` were recorded before it. */
export function ashaDecision(value: number, earlier: readonly number[], eta: number): Decision {
  const n = earlier.length + 1;
  const rank = 1 + earlier.filter((x) => x < value).length;
  return rank <= Math.max(1, Math.floor(n / eta)) ? 'continue' : 'stop';
}
