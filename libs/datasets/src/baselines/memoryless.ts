/**
 * Tagging baseline: the best predictor without memory of the inputs, one that knows only the
 * time step t. It predicts the add-one smoothed distribution of the training targets at step t,
 *   P_t(y) = (c_t(y) + 1) / (n_t + C)
 * (counts over masked positions; a step never seen in train falls back to the counts of all steps).
 * For copy memory this is "blanks, then a uniform guess over the 8 symbols in the last 10 steps":
 * copyBaselineNats(lag) = 10 ln 8 / T nats per step (Arjovsky et al. 2016), plus O(C / n) for smoothing.
 * Scored like the trainer: loss (nats) and accuracy of argmax_y P_t(y), means over masked positions.
 */
import type { Metrics } from '@rnnlab/contracts';
import { DataError } from '../errors/data-error';
import type { SequenceBatch } from '../types';
import { SmoothedCounts } from './smoothed-counts';

const WHERE = 'memorylessBaseline()';

interface StepModel {
  /** [C] -ln P_t(y) */
  nats: Float64Array;
  /** argmax_y P_t(y) */
  top: number;
}

/** `{ memoryless_loss, memoryless_accuracy }` on `val`; {} when either side has no masked position. */
export function memorylessBaseline(train: Iterable<SequenceBatch>, val: Iterable<SequenceBatch>): Metrics {
  let C = 0;
  let pooled: SmoothedCounts | null = null;
  const perStep: SmoothedCounts[] = [];
  for (const b of train) {
    const { B, T } = b.shape;
    if (!pooled) {
      C = b.shape.C;
      pooled = new SmoothedCounts(C, WHERE);
    }
    checkClasses(b, C, 'train');
    for (let t = perStep.length; t < T; t++) perStep.push(new SmoothedCounts(C, WHERE));
    for (let r = 0; r < B; r++) {
      for (let t = 0; t < T; t++) {
        const w = b.mask[r * T + t];
        if (!(w > 0)) continue;
        perStep[t].add(b.targets[r * T + t], w);
        pooled.add(b.targets[r * T + t], w);
      }
    }
  }
  if (!pooled || pooled.total === 0) return {};
  const model = (counts: SmoothedCounts): StepModel => ({ nats: counts.nats(), top: counts.argmax() });
  const fallback = model(pooled);
  const steps = perStep.map((s) => (s.total > 0 ? model(s) : fallback));

  let loss = 0;
  let hits = 0;
  let count = 0;
  for (const b of val) {
    const { B, T } = b.shape;
    checkClasses(b, C, 'val');
    for (let t = 0; t < T; t++) {
      const m = steps[t] ?? fallback;
      for (let r = 0; r < B; r++) {
        const w = b.mask[r * T + t];
        if (!(w > 0)) continue;
        const y = b.targets[r * T + t];
        if (!(y >= 0 && y < C)) throw new DataError(`expected val target ids in [0, ${C}) in ${WHERE}, got ${y}`);
        loss += w * m.nats[y];
        if (y === m.top) hits += w;
        count += w;
      }
    }
  }
  return count > 0 ? { memoryless_loss: loss / count, memoryless_accuracy: hits / count } : {};
}

function checkClasses(b: SequenceBatch, C: number, split: string): void {
  if (b.shape.C !== C) {
    throw new DataError(`expected ${split} batches with C = ${C} classes in ${WHERE}, got C = ${b.shape.C}`);
  }
}
