/**
 * Regression baseline: the constant prediction of the training mean, per output o,
 *   yhat_o = mean over train of y_o
 * scored like the trainer's `mse`: mean of (y - yhat)^2 over every validation example and output.
 * For the adding problem yhat ~ 1 and the score is Var(y) = 1/6.
 */
import type { Metrics } from '@rnnlab/contracts';
import { DataError } from '../errors/data-error';
import type { RegressionBatch } from '../types';

/**
 * `{ mean_predictor_mse }` on `val` of the training-mean predictor; {} when either side holds no example.
 */
export function meanPredictorBaseline(train: Iterable<RegressionBatch>, val: Iterable<RegressionBatch>): Metrics {
  let sums: Float64Array | null = null; // [O]
  let n = 0;
  for (const b of train) {
    const { B, O } = b.shape;
    sums = checkWidth(sums ?? new Float64Array(O), O, 'train');
    for (let i = 0; i < B * O; i++) sums[i % O] += b.y[i];
    n += B;
  }
  if (!sums || n === 0) return {};
  const mean = sums.map((s) => s / n); // [O]

  let se = 0;
  let count = 0;
  for (const b of val) {
    const { B, O } = b.shape;
    checkWidth(mean, O, 'val');
    for (let i = 0; i < B * O; i++) se += (b.y[i] - mean[i % O]) ** 2;
    count += B * O;
  }
  return count > 0 ? { mean_predictor_mse: se / count } : {};
}

function checkWidth(a: Float64Array, O: number, split: string): Float64Array {
  if (a.length !== O) {
    throw new DataError(`expected ${split} batches with O = ${a.length} outputs in meanPredictorBaseline(), got O = ${O}`);
  }
  return a;
}
