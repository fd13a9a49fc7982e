import { describe, expect, it } from 'vitest';
import { mean, sampleSd, sampleVariance } from './sample-moments';
import { relativeError } from './testing/relative-error';

describe('sample moments', () => {
  // [xs, np.mean(xs), np.var(xs, ddof=1), np.std(xs, ddof=1)]
  const cases: [number[], number, number, number][] = [
    [[1, 2, 3, 4, 5], 3.0, 2.5, 1.5811388300841898],
    [[0.004, 0.006, 0.011], 0.006999999999999999, 1.2999999999999998e-5, 0.003605551275463989],
    [[2, 4, 4, 4, 5, 5, 7, 9], 5.0, 4.571428571428571, 2.138089935299395],
    // a large offset: the naive Σx² − n x̄² formula loses every digit here
    [[1e9 + 1, 1e9 + 2, 1e9 + 3], 1000000002.0, 1.0, 1.0],
  ];

  it('matches numpy mean, var(ddof=1) and std(ddof=1)', () => {
    for (const [xs, m, v, sd] of cases) {
      expect(relativeError(mean(xs), m), `mean ${xs}`).toBeLessThan(1e-15);
      expect(relativeError(sampleVariance(xs), v), `var ${xs}`).toBeLessThan(1e-14);
      expect(relativeError(sampleSd(xs), sd), `sd ${xs}`).toBeLessThan(1e-14);
    }
  });

  it('gives a constant sample exactly its value and zero variance', () => {
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004, so a plain Σx/n mean would be 0.10000000000000002
    expect(mean([0.1, 0.1, 0.1])).toBe(0.1);
    expect(sampleVariance([0.1, 0.1, 0.1])).toBe(0);
    expect(sampleSd([0.7, 0.7, 0.7, 0.7, 0.7])).toBe(0);
  });

  it('accepts typed arrays', () => {
    expect(mean(new Float64Array([1, 2, 3, 4]))).toBe(2.5);
    expect(sampleVariance(new Float64Array([1, 2, 3, 4, 5]))).toBe(2.5);
  });

  it('throws RangeErrors naming the argument and the value', () => {
    expect(() => mean([])).toThrow(RangeError);
    expect(() => mean([])).toThrow('expected xs to hold at least 1 value in mean(), got 0');
    expect(() => sampleVariance([3])).toThrow('expected xs to hold at least 2 values in sampleVariance(), got 1');
    expect(() => sampleSd([1, Number.NaN])).toThrow('expected finite numbers in xs in sampleSd(), got xs[1] = NaN');
    expect(() => mean([1, Infinity])).toThrow(RangeError);
  });
});
