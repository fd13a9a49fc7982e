/**
 * The pairwise comparison an experiment report prints for two configurations' per-seed metrics:
 * Welch's t-test when it is meaningful, the exact permutation test when there are too few seeds.
 */
import { assertSample } from './check';
import { permutationTest } from './permutation-test';
import type { PermutationTestOptions } from './permutation-test';
import { mean, sampleVariance } from './sample-moments';
import { welchTTest } from './welch-t-test';

interface ComparisonBase {
  /** two-sided p-value of H₀: equal means */
  p: number;
  nA: number;
  nB: number;
  meanA: number;
  meanB: number;
  /** meanA − meanB */
  meanDiff: number;
}

/** Compared by Welch's t-test. */
export interface WelchComparison extends ComparisonBase {
  test: 'welch';
  t: number;
  /** Welch–Satterthwaite df */
  df: number;
}

/** Compared by the permutation test of the difference of means. */
export interface PermutationComparison extends ComparisonBase {
  test: 'permutation';
  /** splits evaluated */
  permutations: number;
  /** true when all splits were enumerated (always, for the few seeds this branch is for) */
  exact: boolean;
}

export type SampleComparison = WelchComparison | PermutationComparison;

/**
 * Two-sided test of equal means of `a` and `b` (each n ≥ 1, finite values). The rule:
 * - both samples have n ≥ 3 and at least one has non-zero variance → Welch's t-test
 *   (with n = 2 its df can fall to 1 and its p is unstable; with both spreads 0 it is degenerate);
 * - otherwise → the permutation test (exact for these sizes), which needs no variance estimate:
 *   e.g. 3 seeds against 3 seeds can never reach p < 0.1, and says so.
 * `options.seed` is passed to permutationTest (it only matters above 100,000 splits).
 *
 * @example
 * compareSamples([0.166, 0.167, 0.165], [0.004, 0.009, 0.006]);
 * // { test: 'welch', p: 8.76e-6, t: 102.1…, df: 2.616…, meanDiff: 0.1597, … }
 * compareSamples([0.17, 0.16], [0.004, 0.009]);
 * // { test: 'permutation', p: 0.333…, permutations: 6, exact: true, … }
 */
export function compareSamples(a: ArrayLike<number>, b: ArrayLike<number>, options: PermutationTestOptions = {}): SampleComparison {
  assertSample(a, 'a', 'compareSamples', 1);
  assertSample(b, 'b', 'compareSamples', 1);
  const meanA = mean(a);
  const meanB = mean(b);
  const base = { nA: a.length, nB: b.length, meanA, meanB, meanDiff: meanA - meanB };
  if (a.length >= 3 && b.length >= 3 && (sampleVariance(a) > 0 || sampleVariance(b) > 0)) {
    const { t, df, p } = welchTTest(a, b);
    // df is null only when both variances are 0, excluded above
    return { test: 'welch', p, t, df: df as number, ...base };
  }
  const { p, permutations, exact } = permutationTest(a, b, options);
  return { test: 'permutation', p, permutations, exact, ...base };
}
