/**
 * Batches arrive batch-first ([B, T, ...], the natural layout for data); models run time-major
 * (row t*B + b). These helpers reorder in JS, which is cheaper than a transpose kernel on wasm,
 * and cut a time range [t0, t1) for truncated BPTT chunks.
 */

/** [B, T, K] -> [(t1-t0)*B, K] time-major rows for steps t0..t1-1. */
export function timeMajor<A extends Float32Array | Int32Array>(
  a: A,
  B: number,
  T: number,
  K = 1,
  t0 = 0,
  t1 = T,
): A {
  const out = new (a.constructor as { new (n: number): A })((t1 - t0) * B * K);
  for (let t = t0; t < t1; t++) {
    for (let b = 0; b < B; b++) {
      const src = (b * T + t) * K;
      const dst = ((t - t0) * B + b) * K;
      for (let k = 0; k < K; k++) out[dst + k] = a[src + k];
    }
  }
  return out;
}

/** Contiguous chunks [t0, t1) of at most k steps covering 0..T (k = 0: one chunk). */
export function chunks(T: number, k: number): [number, number][] {
  if (k <= 0 || k >= T) return [[0, T]];
  const out: [number, number][] = [];
  for (let t = 0; t < T; t += k) out.push([t, Math.min(T, t + k)]);
  return out;
}
