/**
 * ln Γ(x) for x > 0 by the Lanczos approximation with g = 671/128 and 14 terms
 * (Numerical Recipes, 3rd ed., §6.1, `gammln`): about 1e-15 relative error in Γ, i.e. an
 * absolute error of ~1e-15 · max(1, |ln Γ(x)|) in the result.
 */
import { assertPositive } from './check';

const G = 671 / 128;
// NR's 18-digit coefficients, written as the shortest literals of the same doubles
const COEFFICIENTS = [
  57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202, 3.399464998481189e-5,
  4.652362892704858e-5, -9.837447530487956e-5, 1.580887032249125e-4, -2.1026444172410488e-4, 2.1743961811521265e-4,
  -1.643181065367639e-4, 8.441822398385275e-5, -2.6190838401581408e-5, 3.6899182659531625e-6,
];
const SQRT_2PI = 2.5066282746310007;

/**
 * Natural log of the gamma function for a finite x > 0.
 *
 * @example
 * logGamma(5); // ln 24 = 3.178…
 * logGamma(0.5); // ln √π = 0.572…
 */
export function logGamma(x: number): number {
  assertPositive(x, 'x', 'logGamma');
  let y = x;
  const tmp = x + G;
  let ser = 0.9999999999999971;
  for (let j = 0; j < COEFFICIENTS.length; j++) ser += COEFFICIENTS[j] / ++y;
  return (x + 0.5) * Math.log(tmp) - tmp + Math.log((SQRT_2PI * ser) / x);
}
