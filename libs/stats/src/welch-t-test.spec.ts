import { describe, expect, it } from 'vitest';
import { sampleVariance } from './sample-moments';
import { relativeError } from './testing/relative-error';
import { welchTTest } from './welch-t-test';

describe('welchTTest', () => {
  // [a, b, t, p, df] with r = scipy.stats.ttest_ind(a, b, equal_var=False): r.statistic, r.pvalue, r.df
  const cases: [string, number[], number[], number, number, number][] = [
    ['unequal sizes', [1, 2, 3, 4], [2, 4, 6, 8, 10], -2.2514363231593695, 0.06913359319239237, 5.520787746170677],
    ['three seeds each, far apart', [0.166, 0.167, 0.165], [0.004, 0.009, 0.006], 102.12314313433741, 8.758523144369699e-6, 2.6162162162162175],
    ['very different variances', [10.1, 9.9, 10.0, 10.2, 9.8], [3, 25, -8, 14, 40, -1, 7], -0.22932050517013772, 0.8262350928933831, 6.001546233459113],
    ['one sample without spread', [5, 5, 5], [4.1, 5.3, 6.2, 4.9], -0.2862991671569341, 0.7932816334993407, 3.0],
    ['two against six', [0.31, 0.29], [0.35, 0.36, 0.3, 0.41, 0.38, 0.37], -3.4324060598543116, 0.017314379576342718, 5.228623827063729],
  ];

  it('matches scipy ttest_ind(a, b, equal_var=False): t, p and df', () => {
    for (const [name, a, b, t, p, df] of cases) {
      const r = welchTTest(a, b);
      expect(relativeError(r.t, t), `t, ${name}`).toBeLessThan(1e-12);
      expect(relativeError(r.p, p), `p, ${name}`).toBeLessThan(1e-11);
      expect(relativeError(r.df as number, df), `df, ${name}`).toBeLessThan(1e-12);
    }
  });

  it('uses the Welch–Satterthwaite df', () => {
    for (const [name, a, b] of cases) {
      const va = sampleVariance(a) / a.length;
      const vb = sampleVariance(b) / b.length;
      const want = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
      expect(relativeError(welchTTest(a, b).df as number, want), name).toBeLessThan(1e-13);
    }
  });

  it('is antisymmetric in its arguments', () => {
    const a = [0.42, 0.47, 0.45, 0.5];
    const b = [0.4, 0.41, 0.39];
    const ab = welchTTest(a, b);
    const ba = welchTTest(b, a);
    expect(ba.t).toBeCloseTo(-ab.t, 14);
    expect(ba.p).toBeCloseTo(ab.p, 15);
    expect(ba.df).toBeCloseTo(ab.df as number, 13);
  });

  it('handles two samples without spread: t 0 / p 1 for equal means, t ±Infinity / p 0 otherwise, df null', () => {
    expect(welchTTest([0.1, 0.1, 0.1], [0.1, 0.1])).toEqual({ t: 0, df: null, p: 1 });
    expect(welchTTest([1, 1, 1], [2, 2])).toEqual({ t: -Infinity, df: null, p: 0 });
    expect(welchTTest([3, 3], [2, 2, 2, 2])).toEqual({ t: Infinity, df: null, p: 0 });
  });

  it('throws RangeErrors naming the sample with fewer than 2 values or a bad value', () => {
    expect(() => welchTTest([1], [1, 2, 3])).toThrow('expected a to hold at least 2 values in welchTTest(), got 1');
    expect(() => welchTTest([1, 2], [])).toThrow('expected b to hold at least 2 values in welchTTest(), got 0');
    expect(() => welchTTest([1, 2], [3, Infinity])).toThrow('expected finite numbers in b in welchTTest(), got b[1] = Infinity');
  });
});
