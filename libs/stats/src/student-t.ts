/**
 * Student's t distribution with real df = ν > 0 (Welch's df is fractional):
 *   P(T > t) = ½ I_x(ν/2, ½),  x = ν / (ν + t²),  t ≥ 0          (Abramowitz & Stegun 26.7.1 / 26.5.27)
 *   pdf(t)   = (1 + t²/ν)^(−(ν+1)/2) / (√ν B(ν/2, ½))
 * The quantile solves P(T > t) = q by Newton's method on ln P(T > t), started from the Cornish–Fisher
 * expansion of the normal quantile and kept inside a bracket (bisection whenever a step leaves it).
 */
import { assertOpenUnit, assertPositive } from './check';
import { regularizedIncompleteBeta } from './incomplete-beta';
import { logBeta } from './log-beta';

/** P(T > t) for t ≥ 0; x and 1 − x are formed from r = t/√ν without cancellation or overflow. */
export function studentTUpperTail(t: number, df: number): number {
  if (t === Infinity) return 0;
  if (t <= 0) return t === 0 ? 0.5 : 1 - studentTUpperTail(-t, df);
  const r = t / Math.sqrt(df);
  let x: number, y: number;
  if (r <= 1) {
    const r2 = r * r;
    x = 1 / (1 + r2);
    y = r2 / (1 + r2);
  } else {
    const u2 = 1 / (r * r);
    x = u2 / (1 + u2);
    y = 1 / (1 + u2);
  }
  return 0.5 * regularizedIncompleteBeta(x, df / 2, 0.5, y);
}

/** ln pdf(t). */
function logDensity(t: number, df: number): number {
  const r = Math.abs(t) / Math.sqrt(df);
  const log1pR2 = r > 1e150 ? 2 * Math.log(r) : Math.log1p(r * r);
  return -0.5 * Math.log(df) - logBeta(df / 2, 0.5) - ((df + 1) / 2) * log1pR2;
}

/**
 * Cumulative distribution function P(T ≤ t) of Student's t with `df` degrees of freedom.
 * `t` may be ±Infinity (giving 0 or 1); NaN and a non-finite or non-positive df throw a RangeError.
 *
 * @example
 * studentTCdf(2.0, 4.5); // 0.9459…
 * studentTCdf(-1, 1); // 0.25
 */
export function studentTCdf(t: number, df: number): number {
  if (typeof t !== 'number' || Number.isNaN(t)) throw new RangeError(`expected a number t in studentTCdf(), got ${String(t)}`);
  assertPositive(df, 'df', 'studentTCdf');
  return t < 0 ? studentTUpperTail(-t, df) : 1 - studentTUpperTail(t, df);
}

// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9): a start only.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** z with P(Z > z) = q for q in (0, ½]. */
function normalUpperQuantile(q: number): number {
  if (q < 0.02425) {
    const s = Math.sqrt(-2 * Math.log(q));
    return -(((((C[0] * s + C[1]) * s + C[2]) * s + C[3]) * s + C[4]) * s + C[5]) / ((((D[0] * s + D[1]) * s + D[2]) * s + D[3]) * s + 1);
  }
  const u = q - 0.5;
  const r = u * u;
  return -((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * u) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** Cornish–Fisher start for the t quantile from the normal one (A & S 26.7.5, three terms). */
function cornishFisherStart(q: number, df: number): number {
  const z = normalUpperQuantile(q);
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const t = z + g1 / df + g2 / (df * df) + g3 / (df * df * df);
  return Number.isFinite(t) && t > 0 ? t : 1;
}

/** t > 0 with P(T > t) = q, q in (0, ½). */
function upperQuantile(q: number, df: number): number {
  const logQ = Math.log(q);
  // bracket [lo, hi] with tail(lo) > q ≥ tail(hi), grown geometrically from the start
  let t = cornishFisherStart(q, df);
  let lo = 0;
  let hi = Infinity;
  let tail = studentTUpperTail(t, df);
  for (let i = 0; i < 2100 && tail > q; i++) {
    lo = t;
    t *= 2;
    tail = studentTUpperTail(t, df);
  }
  if (tail <= q) hi = t;
  if (!(hi < Infinity)) return Infinity; // the quantile exceeds the largest double
  if (lo === 0) {
    // t is an upper bound; halve towards 0 until it is a lower bound
    for (let i = 0; i < 2100; i++) {
      const s = t / 2;
      const ts = studentTUpperTail(s, df);
      if (ts > q) {
        lo = s;
        break;
      }
      hi = s;
      t = s;
      tail = ts;
    }
  }
  // safeguarded Newton on f(t) = ln tail(t) − ln q, f'(t) = −pdf(t)/tail(t)
  for (let i = 0; i < 200; i++) {
    const f = Math.log(tail) - logQ;
    if (f === 0) return t;
    if (f > 0) lo = Math.max(lo, t);
    else hi = Math.min(hi, t);
    let next = t + f * Math.exp(Math.log(tail) - logDensity(t, df));
    if (!(next > lo && next < hi)) next = hi / lo > 4 ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 2 * Number.EPSILON * t || next === lo || next === hi) return next;
    t = next;
    tail = studentTUpperTail(t, df);
  }
  return t;
}

/**
 * Quantile (inverse CDF) of Student's t: the t with P(T ≤ t) = p, for p in (0, 1) and real df > 0.
 * Relative accuracy ~1e-13 or better across df from 0.1 to 1e6.
 *
 * @example
 * studentTQuantile(0.975, 2); // 4.302652729749464
 * studentTQuantile(0.025, 10); // −2.228138851986274
 */
export function studentTQuantile(p: number, df: number): number {
  assertOpenUnit(p, 'p', 'studentTQuantile');
  assertPositive(df, 'df', 'studentTQuantile');
  if (p === 0.5) return 0;
  // 1 − p is exact for p ≥ ½ (Sterbenz), so the upper half loses nothing
  return p < 0.5 ? -upperQuantile(p, df) : upperQuantile(1 - p, df);
}
