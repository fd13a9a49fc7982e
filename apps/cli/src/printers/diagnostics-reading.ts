/**
 * One plain-language line for ||dL/dh_1|| / ||dL/dh_T||: what share of the gradient at the last step
 * still reaches the first, which is the whole story of vanishing and exploding gradients.
 */

/** below this the first step effectively receives no learning signal */
const VANISHING = 1e-3;
/** below this the first step gets only a small share of the signal */
const FADING = 0.1;
/** above this the early steps' gradients dominate and grow without bound */
const EXPLODING = 1e3;

function magnitude(x: number): string {
  if (x >= 0.01 && x < 1000) return String(Number(x.toPrecision(2)));
  return x.toExponential(0).replace('e+', 'e');
}

/**
 * @example describeDhRatio(1e-9, 50) // 'the gradient reaching step 1 is 1e-9 of step 50's: vanishing'
 */
export function describeDhRatio(ratio: number | null, T: number): string | null {
  if (ratio === null || T < 2 || !Number.isFinite(ratio)) return null;
  const head = `the gradient reaching step 1 is ${magnitude(ratio)} of step ${T}'s`;
  if (ratio < VANISHING) return `${head}: vanishing (step 1 barely learns from the loss)`;
  if (ratio < FADING) return `${head}: fading (early steps learn slowly)`;
  if (ratio > EXPLODING) return `${head}: exploding (clip gradients with --clip)`;
  return `${head}: it flows back through all ${T} steps`;
}
