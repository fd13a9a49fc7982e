import { describe, expect, it } from 'vitest';
import { confidenceInterval } from './confidence-interval';
import { relativeError } from './testing/relative-error';

describe('confidenceInterval', () => {
  // [xs, level, low, high] with scipy: t.interval(level, n − 1, loc=np.mean(xs), scale=stats.sem(xs))
  const cases: [number[], number, number, number][] = [
    [[0.004, 0.006, 0.011], 0.95, -0.0019566858950295987, 0.015956685895029597], // scipy: t.interval(0.95, 2, loc=np.mean(xs), scale=sem(xs))
    [[1, 2, 3, 4, 5], 0.95, 1.0367568385224428, 4.963243161477557], // scipy: t.interval(0.95, 4, loc=np.mean(xs), scale=sem(xs))
    [[1, 2, 3, 4, 5], 0.99, -0.25558670475778467, 6.255586704757785], // scipy: t.interval(0.99, 4, loc=np.mean(xs), scale=sem(xs))
    [[2.5, 2.7], 0.95, 1.3293795263825297, 3.8706204736174703], // scipy: t.interval(0.95, 1, loc=np.mean(xs), scale=sem(xs))
    [[0.52, 0.49, 0.55, 0.51, 0.47, 0.5, 0.53, 0.48], 0.9, 0.4883703065087054, 0.5241296934912948], // scipy: t.interval(0.9, 7, loc=np.mean(xs), scale=sem(xs))
  ];

  it('matches scipy t.interval with n − 1 df', () => {
    for (const [xs, level, low, high] of cases) {
      const ci = confidenceInterval(xs, level);
      expect(ci.n).toBe(xs.length);
      expect(ci.level).toBe(level);
      // absolute in units of the interval width: low of the first case is a difference near 0
      const width = high - low;
      expect(Math.abs((ci.low as number) - low) / width, `low ${xs} @ ${level}`).toBeLessThan(1e-13);
      expect(Math.abs((ci.high as number) - high) / width, `high ${xs} @ ${level}`).toBeLessThan(1e-13);
      expect(relativeError(ci.halfWidth as number, width / 2)).toBeLessThan(1e-13);
      expect(relativeError(ci.mean, (low + high) / 2)).toBeLessThan(1e-13);
    }
  });

  it('reports mean and sd of the sample and defaults to 95 %', () => {
    const ci = confidenceInterval([1, 2, 3, 4, 5]);
    expect(ci.level).toBe(0.95);
    expect(ci.mean).toBe(3);
    expect(relativeError(ci.sd as number, 1.5811388300841898)).toBeLessThan(1e-15); // numpy: np.std([1, 2, 3, 4, 5], ddof=1)
  });

  it('gives null (not NaN) spread for n = 1 and a zero-width interval for a constant sample', () => {
    expect(confidenceInterval([0.25])).toEqual({ n: 1, mean: 0.25, sd: null, halfWidth: null, low: null, high: null, level: 0.95 });
    expect(confidenceInterval([0.1, 0.1, 0.1])).toEqual({ n: 3, mean: 0.1, sd: 0, halfWidth: 0, low: 0.1, high: 0.1, level: 0.95 });
  });

  it('throws RangeErrors naming xs and level', () => {
    expect(() => confidenceInterval([])).toThrow('expected xs to hold at least 1 value in confidenceInterval(), got 0');
    expect(() => confidenceInterval([1, Number.NaN])).toThrow('expected finite numbers in xs in confidenceInterval(), got xs[1] = NaN');
    expect(() => confidenceInterval([1, 2], 1)).toThrow('expected level in (0, 1) in confidenceInterval(), got 1');
    expect(() => confidenceInterval([1, 2], 95)).toThrow(RangeError);
  });
});
