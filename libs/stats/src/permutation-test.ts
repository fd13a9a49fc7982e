/**
 * Two-sided permutation test of the difference of means, mean(a) − mean(b): under H₀ (the labels
 * are exchangeable) every split of the pooled values into groups of sizes n_a and n_b is equally
 * likely, and
 *   p = #{splits with |mean(A) − mean(B)| ≥ |observed|} / #splits      (observed split included)
 * Exact over all C(n_a + n_b, n_a) splits when there are at most PERMUTATION_LIMIT of them,
 * otherwise over PERMUTATION_LIMIT seeded random splits with p = (1 + hits) / (1 + draws)
 * (Phipson & Smyth 2010), so a Monte-Carlo p is never 0.
 *
 * mean(A) − mean(B) = (N / (n_a n_b)) · (S_A − n_a S / N) with S_A the sum of group A and S the
 * pooled sum, so splits are ranked by |S_A − n_a S / N| on centred values: one addition per value.
 */
import { Rng } from '@rnnlab/random';
import { assertFinite, assertSample } from './check';
import { mean } from './sample-moments';

/** Splits enumerated exactly up to this count, and random splits drawn above it. */
export const PERMUTATION_LIMIT = 100_000;

/** The result of a two-sided permutation test. */
export interface PermutationTest {
  /** two-sided p-value */
  p: number;
  /** splits evaluated: all C(n_a + n_b, n_a) when exact, else the random splits drawn */
  permutations: number;
  /** true when every split was enumerated */
  exact: boolean;
}

export interface PermutationTestOptions {
  /** seed of the Monte-Carlo splits (used only above PERMUTATION_LIMIT splits); default 0 */
  seed?: number;
}

/** C(n, k), or Infinity once it exceeds `limit` (every intermediate C(n − k + i, i) is an exact integer). */
function binomialUpTo(n: number, k: number, limit: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) {
    c = (c * (n - k + i)) / i;
    if (c > limit) return Infinity;
  }
  return c;
}

/**
 * Two-sided permutation test of mean(a) − mean(b) (each sample n ≥ 1, finite values).
 * Splits whose |difference| equals the observed one up to rounding (a few hundred ulps of the
 * data) count as ties, i.e. as at least as extreme.
 *
 * @example
 * permutationTest([0.166, 0.167, 0.165], [0.004, 0.009, 0.006]);
 * // { p: 0.1, permutations: 20, exact: true } — only the observed split and its mirror are as extreme
 */
export function permutationTest(a: ArrayLike<number>, b: ArrayLike<number>, options: PermutationTestOptions = {}): PermutationTest {
  assertSample(a, 'a', 'permutationTest', 1);
  assertSample(b, 'b', 'permutationTest', 1);
  const seed = options.seed ?? 0;
  assertFinite(seed, 'options.seed', 'permutationTest');
  const na = a.length;
  const n = na + b.length;
  const pooled = new Float64Array(n);
  for (let i = 0; i < na; i++) pooled[i] = a[i];
  for (let i = na; i < n; i++) pooled[i] = b[i - na];

  // centre, so the statistic is a sum of small numbers whatever the offset of the data
  const m = mean(pooled);
  const c = pooled.map((x) => x - m);
  let total = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    total += c[i];
    maxAbs = Math.max(maxAbs, Math.abs(pooled[i]));
  }
  const centre = (na * total) / n;
  let observedSum = 0;
  for (let i = 0; i < na; i++) observedSum += c[i];
  const observed = Math.abs(observedSum - centre);
  // rounding in the centring and the sums is below n · ε · max|x| per split; 64× that is a tie
  const threshold = observed - 64 * n * Number.EPSILON * maxAbs;

  const splits = binomialUpTo(n, na, PERMUTATION_LIMIT);
  if (splits <= PERMUTATION_LIMIT) {
    let hits = 0;
    // all na-subsets of [0, n) in lexicographic order, the running sum carried down the recursion
    const visit = (start: number, left: number, sum: number): void => {
      if (left === 0) {
        if (Math.abs(sum - centre) >= threshold) hits++;
        return;
      }
      for (let i = start; i <= n - left; i++) visit(i + 1, left - 1, sum + c[i]);
    };
    visit(0, na, 0);
    return { p: Math.min(1, hits / splits), permutations: splits, exact: true };
  }

  const rng = new Rng(seed);
  const index = Array.from({ length: n }, (_, i) => i);
  let hits = 0;
  for (let r = 0; r < PERMUTATION_LIMIT; r++) {
    // partial Fisher–Yates: the first na slots are a uniform random na-subset
    let sum = 0;
    for (let i = 0; i < na; i++) {
      const j = i + rng.int(n - i);
      const tmp = index[i];
      index[i] = index[j];
      index[j] = tmp;
      sum += c[index[i]];
    }
    if (Math.abs(sum - centre) >= threshold) hits++;
  }
  return { p: (1 + hits) / (1 + PERMUTATION_LIMIT), permutations: PERMUTATION_LIMIT, exact: false };
}
