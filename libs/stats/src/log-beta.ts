/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) without the cancellation of that sum for large
 * arguments (ln Γ(5e5) ≈ 6e6 would leave ~1e-9 of absolute error). Following R's `lbeta`
 * (after TOMS 708), Stirling's series is split into its closed part and the correction
 *   δ(x) = ln Γ(x) − (x − ½) ln x + x − ½ ln 2π = Σ_k B_{2k} / (2k (2k − 1) x^{2k−1}),
 * and the closed parts are combined analytically.
 */
import { logGamma } from './log-gamma';

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** δ(x) for x ≥ 10 (truncation error < 4e-17 there). */
function stirlingCorrection(x: number): number {
  const r = 1 / (x * x);
  // B2..B16 terms, Horner in 1/x²
  return (
    (1 / 12 + r * (-1 / 360 + r * (1 / 1260 + r * (-1 / 1680 + r * (1 / 1188 + r * (-691 / 360360 + r * (1 / 156 + r * (-3617 / 122400)))))))) / x
  );
}

/**
 * ln B(a, b) for a, b > 0 (internal: callers check the arguments).
 *
 * @example
 * logBeta(2, 3); // ln(1/12)
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}
