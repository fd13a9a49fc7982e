/**
 * Classification baselines, both ignoring the input sequence:
 *   majority:  yhat = argmax_c n_c                (lowest class id on ties)
 *   prior:     P(c) = (n_c + 1) / (n + C)         (add-one, so a class unseen in train costs a finite loss)
 * with class counts n_c from the training labels. Scored like the trainer: accuracy and loss (nats)
 * are means over validation examples.
 */
import type { Metrics } from '@rnnlab/contracts';
import { DataError } from '../errors/data-error';
import type { ClassificationBatch } from '../types';
import { SmoothedCounts } from './smoothed-counts';

const WHERE = 'classPriorBaseline()';

/** `{ majority_accuracy, prior_loss }` on `val`; {} when either side holds no example. */
export function classPriorBaseline(train: Iterable<ClassificationBatch>, val: Iterable<ClassificationBatch>): Metrics {
  let fit: SmoothedCounts | null = null;
  for (const b of train) {
    fit ??= new SmoothedCounts(b.shape.C, WHERE);
    checkClasses(b, fit.V, 'train');
    for (const y of b.labels) fit.add(y);
  }
  if (!fit || fit.total === 0) return {};
  const majority = fit.argmax();
  const nats = fit.nats(); // [C]

  let loss = 0;
  let hits = 0;
  let count = 0;
  for (const b of val) {
    checkClasses(b, fit.V, 'val');
    for (const y of b.labels) {
      if (!(y >= 0 && y < fit.V)) throw new DataError(`expected val labels in [0, ${fit.V}) in ${WHERE}, got ${y}`);
      loss += nats[y];
      if (y === majority) hits += 1;
    }
    count += b.labels.length;
  }
  return count > 0 ? { majority_accuracy: hits / count, prior_loss: loss / count } : {};
}

function checkClasses(b: ClassificationBatch, C: number, split: string): void {
  if (b.shape.C !== C) {
    throw new DataError(`expected ${split} batches with C = ${C} classes in ${WHERE}, got C = ${b.shape.C}`);
  }
}
