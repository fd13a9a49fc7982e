/**
 * The adding problem (Hochreiter & Schmidhuber 1997, in the form used by Le et al. 2015 and
 * Arjovsky et al. 2016). Each of T steps carries two features:
 *   x[t, 0] = v_t ~ U[0, 1)                      // value
 *   x[t, 1] = m_t in {0, 1}                      // marker
 * with exactly one marker in [0, floor(T/2)) and one in [floor(T/2), T), positions uniform in each half.
 * Target y = sum_t v_t m_t (O = 1), mean 1. Always predicting 1 gives MSE = Var(y) = 2/12 ≈ 0.167,
 * the baseline a model must beat.
 */
import type { Rng } from '@rnnlab/random';
import type { RegressionBatch } from '../types';

/** I: value and marker */
export const ADDING_FEATURES = 2;
/** MSE of the constant prediction 1 */
export const ADDING_BASELINE_MSE = 1 / 6;

/** Fill examples first..first+count-1 of x [n, T, 2] and y [n, 1] from `rng`. */
export function fillAddingExamples(
  x: Float32Array,
  y: Float32Array,
  first: number,
  count: number,
  T: number,
  rng: Rng,
): void {
  const half = Math.floor(T / 2);
  for (let n = first; n < first + count; n++) {
    const row = n * T * ADDING_FEATURES;
    for (let t = 0; t < T; t++) {
      x[row + t * ADDING_FEATURES] = rng.next();
      x[row + t * ADDING_FEATURES + 1] = 0;
    }
    const p = rng.int(half); // marker in the first half
    const q = half + rng.int(T - half); // marker in the second half
    x[row + p * ADDING_FEATURES + 1] = 1;
    x[row + q * ADDING_FEATURES + 1] = 1;
    // sum of the float32-stored values, so y is exactly what the inputs show
    y[n] = x[row + p * ADDING_FEATURES] + x[row + q * ADDING_FEATURES];
  }
}

/** A batch of B fresh examples. */
export function addingBatch(rng: Rng, B: number, T: number): RegressionBatch {
  const x = new Float32Array(B * T * ADDING_FEATURES); // [B, T, I]
  const y = new Float32Array(B); // [B, O]
  fillAddingExamples(x, y, 0, B, T, rng);
  return { kind: 'regression', x, y, shape: { B, T, I: ADDING_FEATURES, O: 1 } };
}
