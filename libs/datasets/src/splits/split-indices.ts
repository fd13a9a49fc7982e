/**
 * Seeded train/val/test splits of n examples: the same (n, fractions, rng state) always gives the
 * same three disjoint index lists, which together cover 0..n-1 exactly once.
 */
import type { Rng } from '@rnnlab/random';
import { DataError } from '../errors/data-error';

export interface SplitFractions {
  /** fraction of examples held out for validation, in [0, 1) */
  val: number;
  /** fraction of examples held out for test, in [0, 1) */
  test: number;
}

export interface SplitCounts {
  train: number;
  val: number;
  test: number;
}

export interface SplitIndices {
  train: number[];
  val: number[];
  test: number[];
}

/** How many of n examples go to each split (val and test rounded, train gets the rest). */
export function splitCounts(n: number, fractions: SplitFractions): SplitCounts {
  if (!Number.isInteger(n) || n < 0) {
    throw new DataError(`expected n to be a non-negative integer in splitCounts(), got ${n}`);
  }
  const { val, test } = fractions;
  for (const [name, f] of [['val', val], ['test', test]] as const) {
    if (!(f >= 0 && f < 1)) {
      throw new DataError(`expected fractions.${name} in [0, 1) in splitCounts(), got ${f}`);
    }
  }
  if (!(val + test < 1)) {
    // reaches users (the schema bounds each fraction, not their sum): named by the config fields
    throw new DataError(
      `expected task.valFraction + task.testFraction < 1 (some examples must be left to train on), got ${val} + ${test}`,
    );
  }
  const nVal = Math.round(n * val);
  const nTest = Math.round(n * test);
  const nTrain = n - nVal - nTest;
  if (n > 0 && nTrain < 1) {
    throw new DataError(
      `expected at least one training example, got none of ${n}: task.valFraction ${val} and ` +
        `task.testFraction ${test} take ${nVal} and ${nTest} of them; lower them or raise task.size`,
    );
  }
  return { train: nTrain, val: nVal, test: nTest };
}

/**
 * Shuffle 0..n-1 with `rng` and cut it into val, test and train (in that order of the permutation).
 * Each list keeps the permuted order, so it is already a random order of its split.
 *
 * @example
 * const { train, val, test } = splitIndices(names.length, { val: 0.1, test: 0.1 }, new Rng(seed).fork('split'));
 */
export function splitIndices(n: number, fractions: SplitFractions, rng: Rng): SplitIndices {
  const counts = splitCounts(n, fractions);
  const perm = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  return {
    val: perm.slice(0, counts.val),
    test: perm.slice(counts.val, counts.val + counts.test),
    train: perm.slice(counts.val + counts.test),
  };
}
