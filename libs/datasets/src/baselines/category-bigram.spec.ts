import { describe, expect, it } from 'vitest';
import type { GenerationBatch } from '../types';
import { categoryBigramBaseline } from './category-bigram';

/** one row per (category, [prev, target] pairs); V = 4 */
function batch(rows: [number, [number, number][]][]): GenerationBatch {
  const T = Math.max(...rows.map(([, p]) => p.length));
  const B = rows.length;
  const tokens = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  const mask = new Float32Array(B * T);
  rows.forEach(([, pairs], r) => pairs.forEach(([x, y], t) => ((tokens[r * T + t] = x), (targets[r * T + t] = y), (mask[r * T + t] = 1))));
  return { kind: 'generation', categories: Int32Array.from(rows.map(([c]) => c)), tokens, targets, mask, shape: { B, T, V: 4, C: 2 } };
}

describe('categoryBigramBaseline', () => {
  it('counts (category, previous, next) with add-one smoothing, on the masked positions only', () => {
    const train = batch([[0, [[1, 2], [2, 3]]], [0, [[1, 2]]], [1, [[1, 3]]]]);
    const val = batch([[0, [[1, 2]]], [1, [[1, 2]]]]);
    // category 0: c(1->2) = 2 of c(1) = 2 -> (2+1)/(2+4); category 1: c(1->2) = 0 of c(1) = 1 -> 1/5
    const want = -(Math.log2(3 / 6) + Math.log2(1 / 5)) / 2;
    expect(categoryBigramBaseline([train], [val]).bigram_bits_per_token).toBeCloseTo(want, 12);
    expect(categoryBigramBaseline([], [val])).toEqual({});
  });
});
