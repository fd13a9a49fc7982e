import { describe, expect, it } from 'vitest';
import { PERMUTATION_LIMIT, permutationTest } from './permutation-test';

// scipy: permutation_test((a, b), lambda x, y: np.mean(x) - np.mean(y), permutation_type='independent',
//                         alternative='two-sided', n_resamples=np.inf).pvalue  — abbreviated "permutation_test(a, b)" below.
// scipy's two-sided p is 2·min(one-sided p) where this test counts |diff| ≥ |observed|; the two agree when
// n_a = n_b (the null distribution is then symmetric), so unequal sizes are checked against an exact
// rational enumeration instead:
//   Fraction enumeration: sum(abs(mean(A) - mean(B)) >= abs(observed) over itertools.combinations) / C(n, n_a)
//   with every value as fractions.Fraction(str(x)).
describe('permutationTest', () => {
  it('matches scipy when only the observed split and its mirror are as extreme', () => {
    // scipy: permutation_test([0.166, 0.167, 0.165], [0.004, 0.009, 0.006]) -> 0.1 (2 of 20 splits)
    expect(permutationTest([0.166, 0.167, 0.165], [0.004, 0.009, 0.006])).toEqual({ p: 0.1, permutations: 20, exact: true });
  });

  it('matches scipy on overlapping samples', () => {
    // scipy: permutation_test([1.2, 3.4, 2.2, 5.0], [2.0, 4.1, 3.3, 0.9]) -> 0.6857142857142857 (48 of 70)
    const r = permutationTest([1.2, 3.4, 2.2, 5.0], [2.0, 4.1, 3.3, 0.9]);
    expect(r.permutations).toBe(70);
    expect(r.p).toBeCloseTo(0.6857142857142857, 15);
  });

  it('counts |diff| ≥ |observed| for unequal sizes (exact rational enumeration)', () => {
    // Fraction enumeration: 10 of 126 (scipy's 2·min(one-sided) gives 12/126 = 0.0952…)
    expect(permutationTest([0.12, 0.15, 0.11, 0.19], [0.2, 0.17, 0.22, 0.16, 0.18]).p).toBeCloseTo(10 / 126, 15);
    // Fraction enumeration: 3 of 10 (scipy: 0.2)
    expect(permutationTest([1, 2], [3, 4, 10])).toEqual({ p: 0.3, permutations: 10, exact: true });
  });

  it('counts splits tied with the observed |diff| as extreme, also on data with a large offset', () => {
    // scipy: permutation_test([1e6+0.1, 1e6+0.2, 1e6+0.3], [1e6+0.2, 1e6+0.3, 1e6+0.4]) -> 0.5;
    // Fraction enumeration: 10 of 20, the same (several splits tie with the observed |diff| = 0.1)
    expect(permutationTest([1e6 + 0.1, 1e6 + 0.2, 1e6 + 0.3], [1e6 + 0.2, 1e6 + 0.3, 1e6 + 0.4]).p).toBe(0.5);
    // scipy: permutation_test([1, 2, 3], [1, 2, 3]) -> 1.0 (observed difference 0: every split is as extreme)
    expect(permutationTest([1, 2, 3], [1, 2, 3]).p).toBe(1);
  });

  it('enumerates C(n_a + n_b, n_a) splits up to the limit', () => {
    expect(permutationTest([1], [2]).permutations).toBe(2);
    expect(permutationTest([1], [2]).p).toBe(1);
    // C(17, 8) = 24310
    const r = permutationTest([1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(r.exact).toBe(true);
    expect(r.permutations).toBe(24310);
    expect(r.p).toBeCloseTo(2 / 24310, 17); // only the two fully separated splits
  });

  describe('above the limit (C(20, 10) = 184756 splits)', () => {
    const a = [0.61, 0.58, 0.66, 0.59, 0.63, 0.57, 0.64, 0.6, 0.62, 0.65];
    const b = [0.59, 0.55, 0.6, 0.57, 0.62, 0.54, 0.58, 0.61, 0.56, 0.63];
    const exactP = 0.048929398774600015; // scipy: permutation_test(a, b) enumerating all 184756 splits

    it('draws PERMUTATION_LIMIT seeded random splits, within 4 standard errors of the exact p', () => {
      const r = permutationTest(a, b);
      expect(r.exact).toBe(false);
      expect(r.permutations).toBe(PERMUTATION_LIMIT);
      const se = Math.sqrt((exactP * (1 - exactP)) / PERMUTATION_LIMIT);
      expect(Math.abs(r.p - exactP)).toBeLessThan(4 * se);
      // p = (1 + hits) / (1 + draws) is never 0
      expect(permutationTest([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]).p).toBe(1 / (1 + PERMUTATION_LIMIT));
    });

    it('is reproducible for a seed and changes with it', () => {
      expect(permutationTest(a, b, { seed: 7 })).toEqual(permutationTest(a, b, { seed: 7 }));
      expect(permutationTest(a, b, { seed: 7 }).p).not.toBe(permutationTest(a, b, { seed: 8 }).p);
    });
  });

  it('throws RangeErrors naming the empty sample, the bad value or the seed', () => {
    expect(() => permutationTest([], [1])).toThrow('expected a to hold at least 1 value in permutationTest(), got 0');
    expect(() => permutationTest([1], [])).toThrow('expected b to hold at least 1 value in permutationTest(), got 0');
    expect(() => permutationTest([Number.NaN], [1])).toThrow('expected finite numbers in a in permutationTest(), got a[0] = NaN');
    expect(() => permutationTest([1], [2], { seed: Number.NaN })).toThrow('expected a finite number options.seed in permutationTest(), got NaN');
  });
});
