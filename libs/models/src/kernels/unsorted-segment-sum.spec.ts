/**
 * The JS `UnsortedSegmentSum` kernel registered for wasm, against a plain JS reference. This file
 * forces the wasm backend: on another backend the test would exercise tfjs's own kernel instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rnnlab/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';

/** out[ids[i], ...] += x[i, ...] over the leading axis, in float64. */
function reference(x: Float32Array, inner: number, ids: number[], numSegments: number): Float64Array {
  const out = new Float64Array(numSegments * inner);
  ids.forEach((s, i) => {
    for (let j = 0; j < inner; j++) out[s * inner + j] += x[i * inner + j];
  });
  return out;
}

function randomCase(seed: number, n: number, innerShape: number[], numSegments: number) {
  const rng = new Rng(seed);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: n * inner }, () => rng.normal());
  // repeats, and some segments never hit (they must come out as zeros)
  const ids = Array.from({ length: n }, () => rng.int(Math.max(1, numSegments - 2)));
  return { x, ids, inner };
}

describe('UnsortedSegmentSum on wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('runs on the wasm backend with the registered kernel', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  for (const [n, innerShape, numSegments] of [
    [1, [], 1],
    [9, [], 5],
    [40, [7], 12],
    [33, [2, 3], 8],
  ] as [number, number[], number][]) {
    it(`x [${[n, ...innerShape]}], ${numSegments} segments`, () => {
      const { x, ids, inner } = randomCase(n + numSegments, n, innerShape, numSegments);
      const want = reference(x, inner, ids, numSegments);
      const got = tf.tidy(() => {
        const out = tf.unsortedSegmentSum(tf.tensor(x, [n, ...innerShape]), tf.tensor1d(ids, 'int32'), numSegments);
        return { shape: out.shape, data: out.dataSync() };
      });
      expect(got.shape).toEqual([numSegments, ...innerShape]);
      for (let i = 0; i < want.length; i++) expect(Math.abs(got.data[i] - want[i]), `element ${i}`).toBeLessThan(1e-5);
      // untouched segments are exactly zero (the output buffer is cleared, not reused garbage)
      for (let s = 0; s < numSegments; s++) {
        if (!ids.includes(s)) expect(Array.from(got.data.subarray(s * inner, (s + 1) * inner)).every((v) => v === 0)).toBe(true);
      }
    });
  }

  it('is what tf.gather’s gradient runs: d/dtable Σ(gather(table, ids) ⊙ P) sums the rows of P by id', async () => {
    const rng = new Rng(3);
    const ids = [2, 0, 2, 3, 2]; // ids 1 and 4 unused
    const P = Float32Array.from({ length: ids.length * 4 }, () => rng.normal());
    const p = tf.tensor2d(P, [ids.length, 4]);
    const idx = tf.tensor1d(ids, 'int32');
    const table = tf.zeros([5, 4]);
    const gradOf = () => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, idx), p)))(table);
    try {
      const info = await tf.profile(() => gradOf());
      tf.dispose(info.result as tf.Tensor);
      expect(info.kernelNames).toContain('UnsortedSegmentSum');
      const g = tf.tidy(() => gradOf().dataSync());
      const want = reference(P, 4, ids, 5);
      for (let i = 0; i < want.length; i++) expect(Math.abs(g[i] - want[i]), `element ${i}`).toBeLessThan(1e-6);
      expect(Array.from(g.subarray(4, 8)).every((v) => v === 0)).toBe(true);
    } finally {
      tf.dispose([p, idx, table]);
    }
  });
});
