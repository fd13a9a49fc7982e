/**
 * Seeded initializers. All draw from an Rng so that the same run seed gives the same weights
 * on every engine and backend.
 */
import type { Rng } from '@rnnlab/random';

/** U(−k, k) for n values (PyTorch's default for recurrent layers, k = 1/√H). */
export function uniform(rng: Rng, n: number, k: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-k, k);
  return out;
}

/** Glorot/Xavier uniform for a [fanIn, fanOut] matrix. */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const lim = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-lim, lim);
  return out;
}

/**
 * A random orthogonal [n, n] matrix (QR of a Gaussian matrix by modified Gram–Schmidt, with the
 * sign fix of Mezzadri 2007 so the distribution is uniform). Orthogonal W_hh keeps ||W_hh||₂ = 1
 * at init: neither exploding nor vanishing through the recurrence at first.
 */
export function orthogonal(rng: Rng, n: number, gain = 1): Float32Array {
  // the Gaussian matrix stored transposed (at[j*n + i] = a[i][j]) so that each column is contiguous:
  // the same arithmetic in the same order as on a row-major a, but cache-friendly (~10x faster at n = 512)
  const at = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) at[j * n + i] = rng.normal();
  // columns q_j of a, orthonormalized in place
  for (let j = 0; j < n; j++) {
    const qj = j * n;
    for (let k = 0; k < j; k++) {
      const qk = k * n;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += at[qj + i] * at[qk + i];
      for (let i = 0; i < n; i++) at[qj + i] -= dot * at[qk + i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += at[qj + i] * at[qj + i];
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) at[qj + i] /= norm;
  }
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = gain * at[j * n + i];
  return out;
}

/** Above this size Gram–Schmidt (O(H³) in JS) takes seconds per block: use N(0, 1/H) instead,
 * whose spectral norm is ~2 but which is otherwise well conditioned. */
const MAX_ORTHOGONAL = 1024;

/** W_hh [H, G*H]: one orthogonal [H, H] block per gate, side by side. */
export function recurrentInit(rng: Rng, H: number, G: number): Float32Array {
  const out = new Float32Array(H * G * H);
  for (let g = 0; g < G; g++) {
    const q = H <= MAX_ORTHOGONAL ? orthogonal(rng, H) : gaussian(rng, H * H, 1 / Math.sqrt(H));
    for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) out[i * G * H + g * H + j] = q[i * H + j];
  }
  return out;
}

/**
 * Largest singular value of a row-major [m, n] matrix by power iteration on AᵀA.
 * Used by diagnostics for ||W_hh||₂: above 1 gradients can explode, well below 1 they vanish.
 */
export function spectralNorm(a: Float32Array, m: number, n: number, iters = 50): number {
  let v = new Float64Array(n).fill(1 / Math.sqrt(n));
  const u = new Float64Array(m);
  let sigma = 0;
  for (let it = 0; it < iters; it++) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * v[j];
      u[i] = s;
    }
    const w = new Float64Array(n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j] += a[i * n + j] * u[i];
    let norm = 0;
    for (let j = 0; j < n; j++) norm += w[j] * w[j];
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    sigma = Math.sqrt(norm);
    for (let j = 0; j < n; j++) w[j] /= norm;
    v = w;
  }
  return sigma;
}

function gaussian(rng: Rng, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal(0, std);
  return out;
}
