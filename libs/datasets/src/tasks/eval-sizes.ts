/**
 * Validation and test sizes of synthetic tasks (whose training data is unlimited): round(size * fraction),
 * but at least 256 examples so that a metric is not noise, at most 10 000 so that an evaluation pass
 * stays cheap, and at most EVAL_VALUE_BUDGET stored values per split so that long sequences
 * (seqLen up to 100 000) cannot exhaust memory. A fraction of 0 turns the split off.
 */
export const MIN_EVAL_EXAMPLES = 256;
export const MAX_EVAL_EXAMPLES = 10_000;
/** stored numbers per split (2^25: 128 MB of float32) */
export const EVAL_VALUE_BUDGET = 2 ** 25;

export function syntheticEvalCount(size: number, fraction: number, valuesPerExample: number): number {
  if (fraction <= 0) return 0;
  const wanted = Math.min(MAX_EVAL_EXAMPLES, Math.max(MIN_EVAL_EXAMPLES, Math.round(size * fraction)));
  return Math.max(1, Math.min(wanted, Math.floor(EVAL_VALUE_BUDGET / valuesPerExample)));
}
