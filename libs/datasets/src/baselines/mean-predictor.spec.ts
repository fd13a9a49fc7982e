import { Rng } from '@rnnlab/random';
import { describe, expect, it } from 'vitest';
import type { RegressionBatch } from '../types';
import { meanPredictorBaseline } from './mean-predictor';

/** A regression batch of targets y [B, O] (inputs do not matter to the baseline). */
const batch = (y: number[], O = 1): RegressionBatch => {
  const B = y.length / O;
  return { kind: 'regression', x: new Float32Array(B), y: Float32Array.from(y), shape: { B, T: 1, I: 1, O } };
};

describe('meanPredictorBaseline', () => {
  it('matches a hand computation', () => {
    // train mean 2; val errors 0-2, 2-2, 5-2: (4 + 0 + 9) / 3
    const m = meanPredictorBaseline([batch([1]), batch([3])], [batch([0, 2]), batch([5])]);
    expect(m).toEqual({ mean_predictor_mse: 13 / 3 });
  });

  it('fits one mean per output and averages over every output, like the trainer`s mse', () => {
    // O = 2: train means (1, 10); val rows (2, 10), (0, 14): (1 + 0 + 1 + 16) / 4
    const m = meanPredictorBaseline([batch([0, 8, 2, 12], 2)], [batch([2, 10, 0, 14], 2)]);
    expect(m.mean_predictor_mse).toBeCloseTo(18 / 4, 12);
  });

  it('equals Var(val) + (mean(val) - mean(train))^2 (bias-variance identity)', () => {
    const rng = new Rng(7);
    const train = Array.from({ length: 500 }, () => rng.next());
    const val = Array.from({ length: 300 }, () => 3 * rng.next());
    const f32 = (a: number[]) => [...Float32Array.from(a)];
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const mt = mean(f32(train));
    const mv = mean(f32(val));
    const variance = mean(f32(val).map((v) => (v - mv) ** 2));
    const m = meanPredictorBaseline([batch(train)], [batch(val)]);
    expect(m.mean_predictor_mse).toBeCloseTo(variance + (mv - mt) ** 2, 10);
  });

  it('is empty when train or val holds no example', () => {
    expect(meanPredictorBaseline([], [batch([1])])).toEqual({});
    expect(meanPredictorBaseline([batch([1])], [])).toEqual({});
  });

  it('rejects batches whose output width changes', () => {
    expect(() => meanPredictorBaseline([batch([1, 2], 2)], [batch([1])])).toThrow(
      'expected val batches with O = 2 outputs in meanPredictorBaseline(), got O = 1',
    );
  });
});
