/**
 * Generation baseline: an add-one bigram model per category, the bar a conditional character model
 * must beat:  P(y | prev, category) = (c(category, prev, y) + 1) / (c(category, prev) + V),
 * counted on the training batches' (previous token -> target) pairs and scored on exactly the
 * positions the trainer scores (the mask): `bigram_bits_per_token` (and `bigram_bpc`).
 */
import type { Metrics } from '@rnnlab/contracts';
import type { GenerationBatch } from '../types';

function* pairs(b: GenerationBatch): Generator<[number, number, number]> {
  const { B, T } = b.shape;
  for (let r = 0; r < B; r++) {
    for (let t = 0; t < T; t++) {
      if (b.mask[r * T + t] > 0) yield [b.categories[r], b.tokens[r * T + t], b.targets[r * T + t]];
    }
  }
}

/** `{ bigram_bits_per_token, bigram_bpc }` on `val`; {} when either side has no counted position. */
export function categoryBigramBaseline(train: Iterable<GenerationBatch>, val: Iterable<GenerationBatch>): Metrics {
  let V = 0;
  const pair = new Map<string, number>();
  const context = new Map<string, number>();
  for (const b of train) {
    V = b.shape.V;
    for (const [c, x, y] of pairs(b)) {
      pair.set(`${c}:${x}:${y}`, (pair.get(`${c}:${x}:${y}`) ?? 0) + 1);
      context.set(`${c}:${x}`, (context.get(`${c}:${x}`) ?? 0) + 1);
    }
  }
  if (V === 0) return {};
  let nats = 0;
  let n = 0;
  for (const b of val) {
    for (const [c, x, y] of pairs(b)) {
      nats -= Math.log(((pair.get(`${c}:${x}:${y}`) ?? 0) + 1) / ((context.get(`${c}:${x}`) ?? 0) + V));
      n++;
    }
  }
  if (n === 0) return {};
  const bits = nats / n / Math.LN2;
  return { bigram_bits_per_token: bits, bigram_bpc: bits };
}
