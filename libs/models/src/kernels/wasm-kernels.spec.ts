/**
 * The JS-over-heap wasm overrides (Slice, SplitV, GatherV2, 2-D Transpose) against plain JS
 * references, on shapes that hit their fast paths and their fallbacks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rnnlab/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
  return s;
}

/** Row-major slice of a flat array, element by element. */
function refSlice(x: ArrayLike<number>, shape: number[], begin: number[], size: number[]): number[] {
  const st = strides(shape);
  const n = size.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    let rem = k;
    let src = 0;
    for (let d = size.length - 1; d >= 0; d--) {
      src += (begin[d] + (rem % size[d])) * st[d];
      rem = Math.floor(rem / size[d]);
    }
    out.push(x[src]);
  }
  return out;
}

function values(rng: Rng, n: number, dtype: 'float32' | 'int32'): number[] {
  return Array.from({ length: n }, () => (dtype === 'int32' ? rng.int(1000) - 500 : Math.fround(rng.normal())));
}

describe('wasm kernel overrides', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('are installed on the wasm backend', () => {
    expect(tf.getBackend()).toBe('wasm');
    // SplitV is replaced together with Slice (and carries no marker of its own)
    for (const k of ['Slice', 'GatherV2', 'Transpose']) {
      expect((tf.getKernel(k, 'wasm')?.kernelFunc as { rnnlab?: boolean }).rnnlab, k).toBe(true);
    }
  });

  const SLICES: [number[], number[], number[]][] = [
    [[10], [3], [5]],
    [[6, 8], [2, 0], [3, 8]], // whole rows: one contiguous run
    [[6, 8], [1, 3], [4, 2]],
    [[4, 5, 6], [1, 0, 0], [2, 5, 6]],
    [[4, 5, 6], [0, 2, 1], [4, 3, 4]],
    [[3, 4, 5, 2], [1, 1, 0, 1], [2, 2, 5, 1]],
    [[5, 3], [2, 0], [0, 3]], // empty
  ];
  for (const dtype of ['float32', 'int32'] as const) {
    for (const [shape, begin, size] of SLICES) {
      it(`Slice ${dtype} [${shape}] at [${begin}] size [${size}]`, () => {
        const x = values(new Rng(shape.length), shape.reduce((a, b) => a * b, 1), dtype);
        const got = tf.tidy(() => {
          const y = tf.slice(tf.tensor(x, shape, dtype), begin, size);
          return { shape: y.shape, data: Array.from(y.dataSync()) };
        });
        expect(got.shape).toEqual(size);
        expect(got.data).toEqual(refSlice(x, shape, begin, size));
      });
    }
  }

  for (const [shape, sizes, axis] of [
    [[12, 5], [3, 3, 3, 3], 0],
    [[4, 9], [2, 4, 3], 1],
    [[2, 3, 8], [5, 3], 2],
    [[6, 4, 2], [1, 5], 0],
  ] as [number[], number[], number][]) {
    it(`SplitV [${shape}] into [${sizes}] along axis ${axis}`, () => {
      const x = values(new Rng(7), shape.reduce((a, b) => a * b, 1), 'float32');
      const parts = tf.tidy(() => tf.split(tf.tensor(x, shape), sizes, axis).map((p) => Array.from(p.dataSync())));
      let offset = 0;
      sizes.forEach((n, i) => {
        const begin = shape.map((_, d) => (d === axis ? offset : 0));
        const size = shape.map((s, d) => (d === axis ? n : s));
        expect(parts[i], `part ${i}`).toEqual(refSlice(x, shape, begin, size));
        offset += n;
      });
    });
  }

  for (const [xShape, idxShape] of [
    [[7], [5]],
    [[7, 3], [9]],
    [[5, 2, 3], [4]],
    [[6, 4], [2, 3]],
  ] as [number[], number[]][]) {
    it(`GatherV2 axis 0: x [${xShape}], indices [${idxShape}]`, () => {
      const rng = new Rng(11);
      const x = values(rng, xShape.reduce((a, b) => a * b, 1), 'float32');
      const idx = Array.from({ length: idxShape.reduce((a, b) => a * b, 1) }, () => rng.int(xShape[0]));
      const inner = xShape.slice(1).reduce((a, b) => a * b, 1);
      const got = tf.tidy(() => {
        const y = tf.gather(tf.tensor(x, xShape), tf.tensor(idx, idxShape, 'int32'));
        return { shape: y.shape, data: Array.from(y.dataSync()) };
      });
      expect(got.shape).toEqual([...idxShape, ...xShape.slice(1)]);
      expect(got.data).toEqual(idx.flatMap((r) => x.slice(r * inner, (r + 1) * inner)));
    });
  }

  it('GatherV2 along axis 1 (fallback) and an out-of-range index (error naming it)', () => {
    const x = [1, 2, 3, 4, 5, 6];
    expect(tf.tidy(() => Array.from(tf.gather(tf.tensor2d(x, [2, 3]), tf.tensor1d([2, 0], 'int32'), 1).dataSync()))).toEqual([3, 1, 6, 4]);
    expect(() => tf.tidy(() => tf.gather(tf.tensor2d(x, [2, 3]), tf.tensor1d([0, 2], 'int32')).dataSync())).toThrow(/index 2 at position 1/);
  });

  for (const [m, n] of [[1, 1], [1, 7], [5, 1], [33, 70], [64, 32]]) {
    it(`Transpose [${m}, ${n}]`, () => {
      const x = values(new Rng(m * n), m * n, 'float32');
      const got = tf.tidy(() => Array.from(tf.transpose(tf.tensor2d(x, [m, n])).dataSync()));
      const want: number[] = [];
      for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) want.push(x[i * n + j]);
      expect(got).toEqual(want);
    });
  }

  it('Transpose of rank 3 (fallback)', () => {
    const x = Array.from({ length: 24 }, (_, i) => i);
    const got = tf.tidy(() => Array.from(tf.transpose(tf.tensor3d(x, [2, 3, 4]), [1, 0, 2]).dataSync()));
    const want: number[] = [];
    for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) want.push(x[(i * 3 + j) * 4 + k]);
    expect(got).toEqual(want);
  });
});
