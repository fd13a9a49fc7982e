import { Rng } from '@rnnlab/random';
import { describe, expect, it } from 'vitest';
import { glorotUniform, orthogonal, recurrentInit, spectralNorm } from './init';

/** The straightforward row-major modified Gram–Schmidt on the columns of a (the original implementation). */
function referenceOrthogonal(rng: Rng, n: number, gain = 1): Float32Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += a[i * n + j] * a[i * n + k];
      for (let i = 0; i < n; i++) a[i * n + j] -= dot * a[i * n + k];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += a[i * n + j] * a[i * n + j];
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) a[i * n + j] /= norm;
  }
  return Float32Array.from(a, (v) => gain * v);
}

describe('init', () => {
  it('orthogonal(): QᵀQ = I, and bit-identical to the row-major Gram–Schmidt for the same seed', () => {
    for (const n of [1, 2, 17, 64]) {
      const q = orthogonal(new Rng(n), n, 1);
      expect(q).toEqual(referenceOrthogonal(new Rng(n), n, 1));
      let worst = 0;
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += q[i * n + a] * q[i * n + b];
          worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
        }
      }
      expect(worst, `n = ${n}`).toBeLessThan(1e-5);
      expect(spectralNorm(q, n, n, 200)).toBeCloseTo(1, 4);
    }
    expect(orthogonal(new Rng(3), 5, 2)).toEqual(referenceOrthogonal(new Rng(3), 5, 2));
  });

  it('recurrentInit(): one orthogonal [H, H] block per gate, side by side in [H, G*H]', () => {
    const H = 6, G = 3;
    const w = recurrentInit(new Rng(1), H, G);
    const rng = new Rng(1);
    for (let g = 0; g < G; g++) {
      const q = orthogonal(rng, H);
      for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) expect(w[i * G * H + g * H + j]).toBe(q[i * H + j]);
    }
  });

  it('spectralNorm(): the largest singular value of a known matrix', () => {
    // [[3, 0], [4, 5]] has singular values √45 and √5
    expect(spectralNorm(Float32Array.from([3, 0, 4, 5]), 2, 2, 200)).toBeCloseTo(Math.sqrt(45), 5);
    // a [2, 3] matrix of rank 1: u vᵀ with |u| = √5, |v| = 3 -> σ = 3√5
    expect(spectralNorm(Float32Array.from([1, 2, 2, 2, 4, 4]), 2, 3)).toBeCloseTo(3 * Math.sqrt(5), 5);
    expect(spectralNorm(new Float32Array(4), 2, 2)).toBe(0);
  });

  it('glorotUniform(): within ±√(6 / (fanIn + fanOut)), and deterministic per seed', () => {
    const w = glorotUniform(new Rng(2), 30, 50);
    const lim = Math.sqrt(6 / 80);
    expect(w.every((v) => Math.abs(v) <= lim)).toBe(true);
    expect(Math.max(...w)).toBeGreaterThan(0.9 * lim);
    expect(glorotUniform(new Rng(2), 30, 50)).toEqual(w);
  });
});
