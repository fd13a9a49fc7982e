/**
 * Welch's unequal-variance t-test of H₀: μ_a = μ_b, two-sided:
 *   t  = (x̄_a − x̄_b) / √(v_a + v_b),  v = s² / n
 *   df = (v_a + v_b)² / (v_a² / (n_a − 1) + v_b² / (n_b − 1))     (Welch–Satterthwaite)
 *   p  = 2 P(T_df > |t|)
 * as scipy's `ttest_ind(a, b, equal_var=False)`.
 */
import { assertSample } from './check';
import { mean, sampleVariance } from './sample-moments';
import { studentTUpperTail } from './student-t';

/** The result of a two-sided Welch t-test. */
export interface WelchTTest {
  /** (mean(a) − mean(b)) / standard error; ±Infinity when both variances are 0 and the means differ */
  t: number;
  /** Welch–Satterthwaite degrees of freedom (fractional); null when both variances are 0 */
  df: number | null;
  /** two-sided p-value */
  p: number;
}

/**
 * Two-sided Welch t-test of the difference of the means of `a` and `b` (each n ≥ 2, finite values).
 *
 * Degenerate case, both variances 0 (scipy returns NaN there): equal means give t = 0, p = 1;
 * different means give t = ±Infinity, p = 0 — the samples differ with no spread to doubt it, which
 * is also why compareSamples() sends such samples to the permutation test instead. df is null in
 * both, since the Welch–Satterthwaite formula is 0/0.
 *
 * @example
 * welchTTest([1, 2, 3, 4], [2, 4, 6, 8, 10]); // { t: −2.251…, df: 5.520…, p: 0.0691… }
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): WelchTTest {
  assertSample(a, 'a', 'welchTTest', 2);
  assertSample(b, 'b', 'welchTTest', 2);
  const na = a.length;
  const nb = b.length;
  const diff = mean(a) - mean(b);
  const va = sampleVariance(a) / na;
  const vb = sampleVariance(b) / nb;
  const v = va + vb;
  if (v === 0) {
    if (diff === 0) return { t: 0, df: null, p: 1 };
    return { t: diff > 0 ? Infinity : -Infinity, df: null, p: 0 };
  }
  const t = diff / Math.sqrt(v);
  // the same formula in the shares of v, so tiny variances cannot underflow v² to 0/0
  const sa = va / v;
  const sb = vb / v;
  const df = 1 / ((sa * sa) / (na - 1) + (sb * sb) / (nb - 1));
  return { t, df, p: Math.min(1, 2 * studentTUpperTail(Math.abs(t), df)) };
}
