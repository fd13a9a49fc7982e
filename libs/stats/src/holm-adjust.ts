/**
 * Holm–Bonferroni step-down adjustment (Holm 1979), for several pairwise tests in one report:
 * with p₍₁₎ ≤ … ≤ p₍ₘ₎ sorted,
 *   p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1) p₍ⱼ₎)
 * Rejecting where p̃ ≤ α controls the family-wise error rate at α, and is uniformly more powerful
 * than plain Bonferroni. Same values as statsmodels' `multipletests(p, method='holm')[1]`.
 */

/**
 * Holm-adjusted p-values, in the order of the input. Each p must lie in [0, 1].
 *
 * @example
 * holmAdjust([0.01, 0.04, 0.03]); // [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: ArrayLike<number>): number[] {
  if (pValues === null || typeof pValues !== 'object' || typeof pValues.length !== 'number') {
    throw new TypeError(`expected pValues to be an array of numbers in holmAdjust(), got ${String(pValues)}`);
  }
  const m = pValues.length;
  for (let i = 0; i < m; i++) {
    const p = pValues[i];
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new RangeError(`expected p-values in [0, 1] in holmAdjust(), got pValues[${i}] = ${String(p)}`);
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => pValues[i] - pValues[j]);
  const adjusted = new Array<number>(m);
  let running = 0;
  for (let rank = 0; rank < m; rank++) {
    const i = order[rank];
    running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
    adjusted[i] = running;
  }
  return adjusted;
}
