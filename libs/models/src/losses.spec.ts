import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rnnlab/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { rowNll, softmaxCrossEntropy } from './losses';
import { analyticGrads, checkGradients, randn } from './testing/finite-difference';

/** float64 reference: Σ w_i (logsumexp(z_i) − z_i[y_i]) / Σ w_i, and the per-row NLL. */
function reference(z: number[][], y: number[], w: number[]): { loss: number; nll: number[] } {
  const nll = z.map((row, i) => {
    const m = Math.max(...row);
    return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) - row[y[i]];
  });
  const total = w.reduce((a, b) => a + b, 0);
  return { loss: nll.reduce((s, v, i) => s + w[i] * v, 0) / total, nll };
}

describe('softmaxCrossEntropy', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  const N = 6, V = 5;
  const targets = [0, 4, 2, 2, 1, 3];
  const weights = [1, 0, 1, 0.5, 0, 1]; // rows 1 and 4 are padding

  it('equals the float64 weighted mean of logsumexp(z) − z[y], also for large logits', () => {
    for (const std of [1, 300]) {
      const z = randn(new Rng(std), [N, V], std) as tf.Tensor2D;
      const zs = z.arraySync();
      const y = tf.tensor1d(targets, 'int32');
      const w = tf.tensor1d(weights);
      const want = reference(zs, targets, weights);
      const got = tf.tidy(() => softmaxCrossEntropy(z, y, w).dataSync()[0]);
      expect(Number.isFinite(got)).toBe(true);
      expect(Math.abs(got - want.loss)).toBeLessThan(1e-6 * Math.max(1, Math.abs(want.loss)));
      const rows = tf.tidy(() => Array.from(rowNll(z, y).dataSync()));
      rows.forEach((v, i) => expect(Math.abs(v - want.nll[i])).toBeLessThan(1e-6 * Math.max(1, want.nll[i])));
      tf.dispose([z, y, w]);
    }
  });

  it('gradient w.r.t. logits matches central differences (scaled loss, so upstream dy ≠ 1)', () => {
    const z = tf.variable(randn(new Rng(3), [N, V], 1.5));
    const y = tf.tensor1d(targets, 'int32');
    const w = tf.tensor1d(weights);
    try {
      const r = checkGradients(() => tf.mul(softmaxCrossEntropy(z as tf.Tensor as tf.Tensor2D, y, w), 3) as tf.Scalar, { z });
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBe(N * V);
      expect(r.maxAbsGrad.z).toBeGreaterThan(0.1);
    } finally {
      tf.dispose([z, y, w]);
    }
  });

  it('rows with weight 0 contribute nothing to the value or the gradient', () => {
    const rng = new Rng(4);
    const base = randn(rng, [N, V]).arraySync() as number[][];
    const changed = base.map((row, i) => (weights[i] === 0 ? row.map(() => rng.normal(0, 50)) : row));
    const otherTargets = targets.map((t, i) => (weights[i] === 0 ? (t + 1) % V : t));
    const w = tf.tensor1d(weights);
    const run = (rows: number[][], ys: number[]) => {
      const z = tf.variable(tf.tensor2d(rows));
      const y = tf.tensor1d(ys, 'int32');
      const f = () => softmaxCrossEntropy(z as tf.Tensor as tf.Tensor2D, y, w);
      const value = tf.tidy(() => f().dataSync()[0]);
      const g = analyticGrads(f, { z }).z;
      tf.dispose([z, y]);
      return { value, g };
    };
    try {
      const a = run(base, targets);
      const b = run(changed, otherTargets);
      expect(b.value).toBe(a.value);
      for (let i = 0; i < N; i++) {
        const ga = Array.from(a.g.subarray(i * V, (i + 1) * V));
        const gb = Array.from(b.g.subarray(i * V, (i + 1) * V));
        if (weights[i] === 0) {
          expect(ga.every((x) => x === 0), `row ${i}: ${ga}`).toBe(true);
          expect(gb.every((x) => x === 0), `row ${i}: ${gb}`).toBe(true);
        } else {
          expect(gb, `row ${i}`).toEqual(ga);
          expect(ga.some((x) => x !== 0)).toBe(true);
        }
      }
    } finally {
      w.dispose();
    }
  });

  it('all rows masked: loss 0, not NaN', () => {
    const got = tf.tidy(() =>
      softmaxCrossEntropy(tf.ones([2, 3]) as tf.Tensor2D, tf.tensor1d([0, 1], 'int32'), tf.zeros([2]) as tf.Tensor1D).dataSync()[0],
    );
    expect(got).toBe(0);
  });

  it('names the shapes when targets do not match the logits', () => {
    expect(() =>
      tf.tidy(() => softmaxCrossEntropy(tf.ones([2, 3]) as tf.Tensor2D, tf.tensor1d([0, 1, 2], 'int32'), tf.ones([2]) as tf.Tensor1D)),
    ).toThrow(/expected targets and weights of shape \[2\] in softmaxCrossEntropy\(\), got \[3\] and \[2\]/);
  });
});
