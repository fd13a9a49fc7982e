import { DataError } from '../errors/data-error';
import type { BatchOptions } from '../types';

/** Validate `batches()` options at the public boundary; returns the batch size B. */
export function checkBatchOptions(opts: BatchOptions): number {
  const { batch, window, seed } = opts;
  if (!Number.isInteger(batch) || batch < 1) {
    throw new DataError(`expected opts.batch to be a positive integer in batches(), got ${batch}`);
  }
  if (window !== undefined && (!Number.isInteger(window) || window < 0)) {
    throw new DataError(`expected opts.window to be a non-negative integer in batches(), got ${window}`);
  }
  if (!Number.isFinite(seed)) {
    throw new DataError(`expected opts.seed to be a finite number in batches(), got ${seed}`);
  }
  return batch;
}
