/**
 * Sample moments: the mean and the unbiased (n − 1) variance and standard deviation.
 *
 * Both are computed relative to the first value (x̄ = x₀ + Σ(xᵢ − x₀)/n, Neumaier-compensated), so a
 * constant sample has exactly its value as mean and exactly 0 as variance: the tests downstream
 * branch on "zero variance", and 0.1 + 0.1 + 0.1 ≠ 0.3 must not turn that into 1e-34.
 */
import { assertSample } from './check';

/** Neumaier-compensated Σ (xᵢ − shift). */
function shiftedSum(xs: ArrayLike<number>, shift: number): number {
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i] - shift;
    const s = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - s + v : v - s + sum;
    sum = s;
  }
  return sum + comp;
}

function meanOf(xs: ArrayLike<number>): number {
  const x0 = xs[0];
  return x0 + shiftedSum(xs, x0) / xs.length;
}

/**
 * Arithmetic mean of a non-empty sample of finite numbers.
 *
 * @example
 * mean([1, 2, 3, 4]); // 2.5
 */
export function mean(xs: ArrayLike<number>): number {
  assertSample(xs, 'xs', 'mean', 1);
  return meanOf(xs);
}

/**
 * Unbiased sample variance Σ(xᵢ − x̄)² / (n − 1) (corrected two-pass); needs n ≥ 2.
 *
 * @example
 * sampleVariance([1, 2, 3, 4, 5]); // 2.5
 */
export function sampleVariance(xs: ArrayLike<number>): number {
  assertSample(xs, 'xs', 'sampleVariance', 2);
  const m = meanOf(xs);
  let ss = 0;
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i] - m;
    ss += d * d;
    s += d;
  }
  // the (Σd)²/n term removes the rounding error left in m (Chan, Golub & LeVeque's corrected two-pass)
  return Math.max(0, ss - (s * s) / xs.length) / (xs.length - 1);
}

/**
 * Sample standard deviation √(sampleVariance); needs n ≥ 2.
 *
 * @example
 * sampleSd([2, 4, 4, 4, 5, 5, 7, 9]); // 2.138…
 */
export function sampleSd(xs: ArrayLike<number>): number {
  assertSample(xs, 'xs', 'sampleSd', 2);
  return Math.sqrt(sampleVariance(xs));
}
