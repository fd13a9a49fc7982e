/**
 * What every cell's whole-sequence kernel shares: argument and result types, per-step slicing,
 * masking, and the batched weight-gradient GEMMs.
 *
 * Layout (time-major inside the recurrence, so a time step is a contiguous block of B rows):
 *   xp   [T*B, G*H]  input projection x W_ih + b_ih, rows ordered (t, b)
 *   whh  [H, G*H]    recurrent weights, transposed relative to PyTorch's weight_hh [G*H, H]
 *   bhh  [G*H]
 *   mask [T*B, 1]    1 = real step, 0 = padding (state carried through unchanged)
 */
import * as tf from '@tensorflow/tfjs-core';

/** Diagnostics filled in by a kernel when passed (costs extra reads; use on probe batches only). */
export interface RecurrenceProbe {
  /** gate name -> fraction of saturated activations over all steps (set by forward) */
  saturation?: Record<string, number>;
  /** ||dL/dh_t|| (Frobenius norm over the batch) for t = 0..T-1 (set by backward) */
  dhNorms?: number[];
}

export interface SequenceInputs {
  T: number;
  B: number;
  H: number;
  /** per-step input projections, each [B, G*H] */
  xp: tf.Tensor2D[];
  /** [B, H] */
  h0: tf.Tensor2D;
  /** [B, H], LSTM only */
  c0: tf.Tensor2D | null;
  /** [H, G*H] */
  whh: tf.Tensor2D;
  /** [G*H] */
  bhh: tf.Tensor1D;
  /** per-step masks [B, 1], or null when every step is real */
  masks: tf.Tensor2D[] | null;
  probe: RecurrenceProbe | null;
}

/** Forward result: per-step hidden states and what the backward pass needs. */
export interface SequenceForward {
  /** h_1..h_T, each [B, H] */
  hs: tf.Tensor2D[];
  /** final cell state [B, H], LSTM only */
  c: tf.Tensor2D | null;
  /** tensors the backward pass reads, in a cell-defined order */
  saved: tf.Tensor[];
}

export interface SequenceGrads {
  /** [T*B, G*H] */
  dxp: tf.Tensor2D;
  /** [B, H] */
  dh0: tf.Tensor2D;
  /** [B, H] or null */
  dc0: tf.Tensor2D | null;
  /** [H, G*H] */
  dwhh: tf.Tensor2D;
  /** [G*H] */
  dbhh: tf.Tensor1D;
}

export interface BackwardInputs extends SequenceInputs {
  /** dL/dy_t for t = 0..T-1, each [B, H] (the top-of-layer outputs) */
  dys: tf.Tensor2D[];
  /** dL/dh_T [B, H] and dL/dc_T (LSTM) from whatever consumed the final state */
  dhT: tf.Tensor2D;
  dcT: tf.Tensor2D | null;
  /** the forward's hidden states h_1..h_T */
  hs: tf.Tensor2D[];
  saved: tf.Tensor[];
}

/** A whole-sequence cell kernel: forward over T steps and the hand-written BPTT. */
export interface CellKernel {
  readonly gates: number;
  readonly gateNames: readonly string[];
  readonly hasCell: boolean;
  forward(a: SequenceInputs): SequenceForward;
  backward(a: BackwardInputs): SequenceGrads;
}

/** tanh; on wasm `tf.tanh` is ~10x slower than `sigmoid`, and 2·σ(2x) − 1 is exact to float32 rounding. */
export function tanh(x: tf.Tensor2D): tf.Tensor2D {
  const s = tf.sigmoid(tf.add(x, x)); // [B, H]
  return tf.sub(tf.add(s, s), 1) as tf.Tensor2D; // [B, H]
}

/** s ⊙ (1 − s): the derivative of the logistic sigmoid from its output. */
export function dsigmoid(s: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(s, tf.mul(s, s)) as tf.Tensor2D; // [B, H]
}

/** 1 − t²: the derivative of tanh from its output. */
export function dtanh(t: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(1, tf.mul(t, t)) as tf.Tensor2D; // [B, H]
}

/** Masked state update: m ⊙ next + (1 − m) ⊙ prev, i.e. padding steps carry the state through. */
export function carry(next: tf.Tensor2D, prev: tf.Tensor2D, m: tf.Tensor2D | null): tf.Tensor2D {
  if (m === null) return next;
  return tf.add(prev, tf.mul(m, tf.sub(next, prev))) as tf.Tensor2D; // [B, H]
}

/** Split a gradient flowing into a masked update into (into the new value, straight to prev). */
export function splitCarry(d: tf.Tensor2D, m: tf.Tensor2D | null): [tf.Tensor2D, tf.Tensor2D | null] {
  if (m === null) return [d, null];
  const dNext = tf.mul(d, m) as tf.Tensor2D; // [B, H]
  return [dNext, tf.sub(d, dNext) as tf.Tensor2D]; // [B, H]
}

/** Σ_t inᵀ_t · grad_t as one GEMM over all steps: [T*B, K]ᵀ x [T*B, N] -> [K, N].
 * The transpose is explicit: wasm's matMul with transposeA is ~40x slower than transpose + matMul. */
export function batchedWeightGrad(inputs: tf.Tensor2D[], D: tf.Tensor2D): tf.Tensor2D {
  const X = tf.concat(inputs, 0); // [T*B, K]
  return tf.matMul(tf.transpose(X), D); // [K, T*B] x [T*B, N] -> [K, N]
}

/** Record ||dh_t|| for diagnostics (as scalars, read once at the end of the backward pass). */
export function recordNorm(list: tf.Scalar[] | null, d: tf.Tensor2D): void {
  if (list) list.push(tf.keep(tf.sqrt(tf.sum(tf.mul(d, d)))) as tf.Scalar);
}

export function readNorms(list: tf.Scalar[] | null, probe: RecurrenceProbe | null): void {
  if (!list || !probe) return;
  // recorded from t = T-1 down to 0
  probe.dhNorms = list.map((s) => s.dataSync()[0]).reverse();
  tf.dispose(list);
}

/** Saturated fraction of a gate's activations: sigmoid outside [0.05, 0.95], tanh outside [-0.95, 0.95]. */
export function saturation(acts: tf.Tensor2D[], kind: 'sigmoid' | 'tanh'): number {
  return tf.tidy(() => {
    const a = tf.concat(acts, 0); // [T*B, H]
    const dev = kind === 'sigmoid' ? tf.abs(tf.sub(a, 0.5)) : tf.abs(a); // [T*B, H]
    const lim = kind === 'sigmoid' ? 0.45 : 0.95;
    return tf.mean(tf.cast(tf.greater(dev, lim), 'float32')).dataSync()[0];
  });
}

/** Column sums of [N, K] -> [K] as a GEMM with a ones row: wasm reduces over axis 0 ~80x slower. */
export function sumRows(x: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [x.shape[1]]); // [1, N] x [N, K] -> [K]
}
