/**
 * Two-sided Student t confidence interval for the mean of a sample:
 *   x̄ ± t_{(1+level)/2, n−1} · s / √n
 * (s the n − 1 standard deviation), as scipy's `t.interval(level, n − 1, loc=x̄, scale=s/√n)`.
 */
import { assertOpenUnit, assertSample } from './check';
import { mean, sampleSd } from './sample-moments';
import { studentTQuantile } from './student-t';

/** A mean with its t interval; the spread fields are null when one value cannot estimate a spread. */
export interface ConfidenceInterval {
  /** sample size */
  n: number;
  mean: number;
  /** n − 1 standard deviation; null for n = 1 */
  sd: number | null;
  /** t quantile · sd / √n; null for n = 1 */
  halfWidth: number | null;
  low: number | null;
  high: number | null;
  /** the coverage asked for, e.g. 0.95 */
  level: number;
}

/**
 * The `level` (default 0.95) Student t confidence interval for the mean of `xs`, with n − 1 df.
 * With one value the mean is reported and sd, halfWidth, low and high are null (not NaN);
 * an empty sample, a non-finite value or a level outside (0, 1) throws a RangeError.
 *
 * @example
 * confidenceInterval([1, 2, 3, 4, 5]);
 * // { n: 5, mean: 3, sd: 1.58…, halfWidth: 1.963…, low: 1.036…, high: 4.963…, level: 0.95 }
 */
export function confidenceInterval(xs: ArrayLike<number>, level = 0.95): ConfidenceInterval {
  assertSample(xs, 'xs', 'confidenceInterval', 1);
  assertOpenUnit(level, 'level', 'confidenceInterval');
  const n = xs.length;
  const m = mean(xs);
  if (n === 1) return { n, mean: m, sd: null, halfWidth: null, low: null, high: null, level };
  const sd = sampleSd(xs);
  // the lower tail (1 − level)/2 keeps full precision for levels close to 1
  const halfWidth = -studentTQuantile((1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean: m, sd, halfWidth, low: m - halfWidth, high: m + halfWidth, level };
}
