import { describe, expect, it } from 'vitest';
import { compareSamples } from './compare-samples';
import { permutationTest } from './permutation-test';
import { relativeError } from './testing/relative-error';
import { welchTTest } from './welch-t-test';

describe('compareSamples', () => {
  it('uses Welch when both samples have n ≥ 3 and some spread', () => {
    const a = [0.166, 0.167, 0.165];
    const b = [0.004, 0.009, 0.006];
    const r = compareSamples(a, b);
    expect(r.test).toBe('welch');
    if (r.test !== 'welch') return;
    expect(r).toMatchObject({ ...welchTTest(a, b), nA: 3, nB: 3 });
    // scipy: ttest_ind([0.166, 0.167, 0.165], [0.004, 0.009, 0.006], equal_var=False).pvalue
    expect(relativeError(r.p, 8.758523144369699e-6)).toBeLessThan(1e-11);
    expect(relativeError(r.meanDiff, 0.166 - 0.019 / 3)).toBeLessThan(1e-15);
    expect(r.meanA).toBe(0.166);
  });

  it('still uses Welch when only one of the samples has zero variance', () => {
    expect(compareSamples([5, 5, 5], [4.1, 5.3, 6.2, 4.9]).test).toBe('welch');
  });

  it('uses the exact permutation test with fewer than 3 values on either side', () => {
    const r = compareSamples([0.17, 0.16], [0.004, 0.009]);
    expect(r).toEqual({ test: 'permutation', p: 2 / 6, permutations: 6, exact: true, nA: 2, nB: 2, meanA: 0.165, meanB: 0.0065, meanDiff: 0.165 - 0.0065 });
    expect(compareSamples([0.2, 0.3, 0.25, 0.22], [0.1, 0.11]).test).toBe('permutation');
    expect(compareSamples([0.2], [0.1]).test).toBe('permutation');
  });

  it('uses the permutation test when both samples have zero variance (Welch would claim p = 0)', () => {
    const r = compareSamples([1, 1, 1], [2, 2, 2]);
    expect(r.test).toBe('permutation');
    expect(r.p).toBe(0.1); // 2 of C(6, 3) = 20 splits
    expect(r.meanDiff).toBe(-1);
  });

  it('passes the seed through to the permutation test', () => {
    const a = [0.61, 0.58];
    const b = [0.59, 0.55, 0.6];
    const r = compareSamples(a, b, { seed: 3 });
    expect(r.test === 'permutation' && r.p).toBe(permutationTest(a, b, { seed: 3 }).p);
  });

  it('throws RangeErrors naming the sample', () => {
    expect(() => compareSamples([], [1, 2, 3])).toThrow('expected a to hold at least 1 value in compareSamples(), got 0');
    expect(() => compareSamples([1, 2, 3], [1, Number.NaN])).toThrow('expected finite numbers in b in compareSamples(), got b[1] = NaN');
  });
});
