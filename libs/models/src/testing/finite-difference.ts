/**
 * Central finite-difference gradient checks for tests (not exported from the lib).
 *
 *   numeric_k = (f(θ + ε e_k) − f(θ − ε e_k)) / (θ_k⁺ − θ_k⁻)
 *
 * tfjs computes in float32, so ε cannot be tiny: the rounding error of f (~1e-7 |f|) is divided by
 * 2ε while the truncation error grows as ε² f'''. ε ≈ 5e-3 balances the two for O(1) losses. The
 * step actually taken is θ_k⁺ − θ_k⁻ after rounding both to float32, not 2ε.
 * An entry passes when |analytic − numeric| ≤ atol + rtol · max(|analytic|, |numeric|).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rnnlab/random';

export interface GradCheckOptions {
  /** perturbation ε */
  eps?: number;
  /** relative tolerance, applied to the larger of the two magnitudes */
  rtol?: number;
  /** absolute tolerance, for entries near zero where float32 noise dominates */
  atol?: number;
  /** check at most this many entries per variable (a seeded random subset plus the largest one) */
  maxEntries?: number;
  seed?: number;
}

export interface GradCheckReport {
  /** entries compared */
  checked: number;
  /** one line per failing entry: variable, flat index, analytic and numeric values */
  mismatches: string[];
  /** largest |analytic gradient| per variable, to assert that a check was not trivially about zeros */
  maxAbsGrad: Record<string, number>;
  /** largest |analytic − numeric| / max(|analytic|, |numeric|) over entries above atol */
  worstRelError: number;
}

/** The loss at the variables' current values, as a plain number. */
export function lossValue(f: () => tf.Scalar): number {
  return tf.tidy(() => f().dataSync()[0]);
}

/** The analytic gradient of f w.r.t. each named variable, as plain arrays. */
export function analyticGrads(f: () => tf.Scalar, vars: Record<string, tf.Variable>): Record<string, Float32Array> {
  const { value, grads } = tf.variableGrads(f, Object.values(vars));
  const out: Record<string, Float32Array> = {};
  for (const [label, v] of Object.entries(vars)) {
    const g = grads[v.name];
    out[label] = g ? Float32Array.from(g.dataSync()) : new Float32Array(v.size);
  }
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

/** Compare analytic gradients of f with central differences for every variable in `vars`. */
export function checkGradients(
  f: () => tf.Scalar,
  vars: Record<string, tf.Variable>,
  opts: GradCheckOptions = {},
): GradCheckReport {
  const eps = opts.eps ?? 5e-3;
  const rtol = opts.rtol ?? 2e-2;
  const atol = opts.atol ?? 1e-3;
  const rng = new Rng(opts.seed ?? 1);
  const analytic = analyticGrads(f, vars);
  const report: GradCheckReport = { checked: 0, mismatches: [], maxAbsGrad: {}, worstRelError: 0 };
  for (const [label, v] of Object.entries(vars)) {
    const g = analytic[label];
    report.maxAbsGrad[label] = g.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    const base = Float32Array.from(v.dataSync());
    const set = (data: Float32Array) => tf.tidy(() => v.assign(tf.tensor(data, v.shape, 'float32')));
    try {
      for (const k of pickEntries(g, opts.maxEntries ?? Number.POSITIVE_INFINITY, rng)) {
        const hi = Math.fround(base[k] + eps);
        const lo = Math.fround(base[k] - eps);
        const d = base.slice();
        d[k] = hi;
        set(d);
        const fHi = lossValue(f);
        d[k] = lo;
        set(d);
        const fLo = lossValue(f);
        const numeric = (fHi - fLo) / (hi - lo);
        const a = g[k];
        const err = Math.abs(a - numeric);
        const scale = Math.max(Math.abs(a), Math.abs(numeric));
        if (scale > atol) report.worstRelError = Math.max(report.worstRelError, err / scale);
        if (!(err <= atol + rtol * scale)) {
          report.mismatches.push(`${label}[${k}]: analytic ${a.toExponential(4)}, numeric ${numeric.toExponential(4)}`);
        }
        report.checked++;
      }
    } finally {
      set(base);
    }
  }
  return report;
}

/** All indices, or a seeded sample of n that always includes the largest-magnitude entry. */
function pickEntries(g: Float32Array, n: number, rng: Rng): number[] {
  const all = Array.from({ length: g.length }, (_, i) => i);
  if (g.length <= n) return all;
  let top = 0;
  for (let i = 1; i < g.length; i++) if (Math.abs(g[i]) > Math.abs(g[top])) top = i;
  const rest = rng.shuffle(all.filter((i) => i !== top)).slice(0, n - 1);
  return [top, ...rest];
}

/** A [rows, cols] (or [n]) tensor of N(0, std²) draws from a seeded Rng. */
export function randn(rng: Rng, shape: number[], std = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.normal(0, std);
  return tf.tensor(data, shape, 'float32');
}

/** A time-major mask [T*B, 1] with 1 on the first lengths[b] steps of sequence b. */
export function lengthMask(lengths: number[], T: number): tf.Tensor2D {
  const B = lengths.length;
  const m = new Float32Array(T * B);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) m[t * B + b] = t < lengths[b] ? 1 : 0;
  return tf.tensor2d(m, [T * B, 1]);
}

/** Largest |a_i − b_i| (Infinity on a length mismatch). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return Number.isNaN(m) ? Number.POSITIVE_INFINITY : m;
}

/** Run fn in a tensor scope (like tf.tidy, but fn may return any plain value); its tensors are freed. */
export function scoped<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}
