/**
 * The addon's exported sgemm, C = alpha op(A) op(B) + beta C, against a float64 matmul: the four
 * transpose combinations, sizes with and without a thread split, alpha/beta (beta = 0 must not read
 * C), leading dimensions wider than the rows and views with a byteOffset; with 1 and 2 threads,
 * which must also agree bitwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@rnnlab/random';
import type { NativeAddon } from './addon';
import { addonUnderTest, requireAddon } from './testing/addon-under-test';
import { sameBits } from './testing/array-compare';

const { skip, label } = addonUnderTest();

/** [M, N, K]; the addon splits a call over its threads only from M*N*K >= 2^22 (here 260 x 130 x 130). */
const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [17, 9, 33],
  [64, 48, 40],
  [2, 3, 0],
  [0, 3, 2],
  [300, 70, 100],
  [40, 520, 120],
  [260, 130, 130],
];
const ALPHA_BETA: [number, number][] = [
  [1, 0],
  [0.5, -2],
  [1, 1],
];
const TRANSPOSES: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];
/** leading dimensions this much wider than the logical rows */
const PAD = 3;

const opName = (t: boolean, m: string) => (t ? `${m}ᵀ` : m);

/** float64 C = alpha op(A) op(B) + beta C (C not read when beta = 0), with leading dimensions. */
function referenceGemm(
  ta: boolean, tb: boolean, M: number, N: number, K: number, alpha: number,
  A: Float32Array, lda: number, B: Float32Array, ldb: number, beta: number, C: Float32Array, ldc: number,
): Float64Array {
  const out = Float64Array.from(C);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (ta ? A[k * lda + i] : A[i * lda + k]) * (tb ? B[j * ldb + k] : B[k * ldb + j]);
      out[i * ldc + j] = alpha * s + (beta === 0 ? 0 : beta * C[i * ldc + j]);
    }
  }
  return out;
}

function randn(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** One call on views into larger buffers; returns what went wrong (empty when all is well). */
function checkCase(native: NativeAddon, rng: Rng, ta: boolean, tb: boolean, [M, N, K]: [number, number, number], [alpha, beta]: [number, number]): string[] {
  const lda = (ta ? M : K) + PAD;
  const ldb = (tb ? K : N) + PAD;
  const ldc = N + PAD;
  const A = randn(rng, (ta ? K : M) * lda + 5).subarray(2); // byteOffset 8
  const B = randn(rng, (tb ? N : K) * ldb + 5).subarray(1); // byteOffset 4
  const cBuffer = randn(rng, M * ldc + 8);
  if (beta === 0) cBuffer.fill(Number.NaN); // beta = 0: C must not be read
  const before = cBuffer.slice();
  const C = cBuffer.subarray(4, 4 + M * ldc);
  const want = referenceGemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  native.sgemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  const at = `M=${M} N=${N} K=${K} alpha=${alpha} beta=${beta}`;
  const problems: string[] = [];
  let worst = 0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      const e = Math.abs(C[i * ldc + j] - want[i * ldc + j]) / (1 + Math.abs(want[i * ldc + j]));
      worst = Number.isNaN(e) ? Number.POSITIVE_INFINITY : Math.max(worst, e);
    }
  }
  if (!(worst < 1e-5)) problems.push(`${at}: error ${worst}`);
  // everything but the M x N entries (padding columns, the buffer around the view) untouched
  for (let x = 0; x < cBuffer.length; x++) {
    const i = Math.floor((x - 4) / ldc);
    const j = (x - 4) % ldc;
    const entry = x >= 4 && i < M && j < N;
    if (!entry && !Object.is(cBuffer[x], before[x])) {
      problems.push(`${at}: wrote outside the M x N entries at buffer index ${x}`);
      break;
    }
  }
  return problems;
}

describe.skipIf(skip)(label, () => {
  let native: NativeAddon;
  let initialThreads = 1;
  beforeAll(() => {
    native = requireAddon();
    initialThreads = native.getThreads();
  });
  afterAll(() => native?.setThreads(initialThreads));

  for (const threads of [1, 2]) {
    for (const [ta, tb] of TRANSPOSES) {
      it(`sgemm ${opName(ta, 'A')} ${opName(tb, 'B')}, ${threads} thread${threads > 1 ? 's' : ''}: within 1e-5 of a float64 matmul for every size and alpha/beta, writing only C's M x N entries`, () => {
        native.setThreads(threads);
        const rng = new Rng(99);
        const problems = SIZES.flatMap((size) => ALPHA_BETA.flatMap((ab) => checkCase(native, rng, ta, tb, size, ab)));
        expect(problems).toEqual([]);
      });
    }
  }

  for (const [ta, tb] of TRANSPOSES) {
    it(`sgemm ${opName(ta, 'A')} ${opName(tb, 'B')}: 1 and 2 threads give bitwise identical results (300 x 200 x 130, split over the threads)`, () => {
      const [M, N, K] = [300, 200, 130];
      const rng = new Rng(5);
      const A = randn(rng, M * K);
      const B = randn(rng, K * N);
      const C0 = randn(rng, M * N);
      const run = (threads: number) => {
        native.setThreads(threads);
        const C = C0.slice();
        native.sgemm(ta, tb, M, N, K, 0.5, A, ta ? M : K, B, tb ? K : N, 1, C, N);
        return C;
      };
      const one = run(1);
      expect(sameBits(one, C0)).toBe(false);
      expect(sameBits(run(2), one)).toBe(true);
    });
  }
});
