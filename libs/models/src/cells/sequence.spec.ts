import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { carry, tanh } from './sequence';

describe('cells/sequence helpers', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('tanh as 2·σ(2x) − 1 matches Math.tanh within 1e-6 on [-20, 20]', () => {
    const n = 80_001;
    const xs = new Float32Array(n);
    for (let i = 0; i < n; i++) xs[i] = -20 + (40 * i) / (n - 1); // step 5e-4, includes 0 and ±20
    const extra = [1e-30, -1e-30, 1e-8, -1e-8, 0.5493061, 9.01, -9.01];
    const all = Float32Array.from([...xs, ...extra]);
    const got = tf.tidy(() => tanh(tf.tensor2d(all, [all.length, 1])).dataSync());
    let worst = 0;
    let at = 0;
    for (let i = 0; i < all.length; i++) {
      const e = Math.abs(got[i] - Math.tanh(all[i]));
      if (!(e <= worst)) {
        worst = e;
        at = all[i];
      }
    }
    expect(worst, `worst |error| at x = ${at}`).toBeLessThan(1e-6);
    expect(got[0]).toBe(-1);
    expect(got[n - 1]).toBe(1);
  });

  it('carry: next where m = 1 (to rounding), exactly prev where m = 0', () => {
    const out = tf.tidy(() =>
      carry(tf.tensor2d([[1.1, 2.2], [3.3, 4.4]]), tf.tensor2d([[-7.7, 0.3], [5.5, 6.6]]), tf.tensor2d([[1], [0]])).arraySync(),
    );
    out[0].forEach((v, j) => expect(v).toBeCloseTo([1.1, 2.2][j], 6));
    expect(out[1]).toEqual([Math.fround(5.5), Math.fround(6.6)]);
  });
});
