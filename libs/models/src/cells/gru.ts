/**
 * GRU, whole sequence, with hand-written BPTT. Gate order (r, z, n) as in PyTorch. Two forms:
 *
 * reset-after (PyTorch, Keras 2 / cuDNN):
 *   r = σ(x W_ir + b_ir + h W_hr + b_hr)      z = σ(x W_iz + b_iz + h W_hz + b_hz)
 *   n = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn))
 *   h' = (1 − z) ⊙ n + z ⊙ h
 *
 * reset-before (Cho et al. 2014, tfjs's GRU):
 *   n = tanh(x W_in + b_in + (r ⊙ h) W_hn + b_hn),  r, z and h' as above.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  batchedWeightGrad,
  sumRows,
  carry,
  dsigmoid,
  dtanh,
  readNorms,
  recordNorm,
  saturation,
  splitCarry,
  tanh,
  type BackwardInputs,
  type CellKernel,
  type SequenceForward,
  type SequenceGrads,
  type SequenceInputs,
} from './sequence';

/** saved per step: r, z, n, and (reset-after) h W_hn + b_hn or (reset-before) r ⊙ h_{t-1} */
const PER_STEP = 4;

export function gruKernel(resetAfter: boolean): CellKernel {
  return {
    gates: 3,
    gateNames: ['r', 'z', 'n'],
    hasCell: false,
    forward: resetAfter ? forwardAfter : forwardBefore,
    backward: resetAfter ? backwardAfter : backwardBefore,
  };
}

function forwardAfter(a: SequenceInputs): SequenceForward {
  const hs: tf.Tensor2D[] = [];
  const saved: tf.Tensor2D[] = [];
  let h = a.h0;
  for (let t = 0; t < a.T; t++) {
    // gates
    const [xr, xz, xn] = tf.split(a.xp[t], 3, 1) as tf.Tensor2D[]; // 3 x [B, H]
    const hp = tf.add(tf.matMul(h, a.whh), a.bhh) as tf.Tensor2D; // [B, H] x [H, 3H] -> [B, 3H]
    const [hr, hz, hn] = tf.split(hp, 3, 1) as tf.Tensor2D[]; // 3 x [B, H]
    const r = tf.sigmoid(tf.add(xr, hr)) as tf.Tensor2D;
    const z = tf.sigmoid(tf.add(xz, hz)) as tf.Tensor2D;
    const n = tanh(tf.add(xn, tf.mul(r, hn)) as tf.Tensor2D); // [B, H]
    // update: (1 − z) n + z h = n + z (h − n)
    const hNew = tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D; // [B, H]
    saved.push(r, z, n, hn);
    h = carry(hNew, h, a.masks ? a.masks[t] : null);
    hs.push(h);
  }
  probeSaturation(a, saved);
  return { hs, c: null, saved };
}

function backwardAfter(a: BackwardInputs): SequenceGrads {
  const whhT = tf.transpose(a.whh); // [3H, H]
  const dxps: tf.Tensor2D[] = new Array(a.T);
  const dhps: tf.Tensor2D[] = new Array(a.T);
  const norms = a.probe ? ([] as tf.Scalar[]) : null;
  let dh = a.dhT;
  for (let t = a.T - 1; t >= 0; t--) {
    const [r, z, n, hn] = a.saved.slice(t * PER_STEP, (t + 1) * PER_STEP) as tf.Tensor2D[];
    const hPrev = t === 0 ? a.h0 : a.hs[t - 1];
    dh = tf.add(dh, a.dys[t]) as tf.Tensor2D; // [B, H] total dL/dh_t
    recordNorm(norms, dh);
    const [dhN, dhCarry] = splitCarry(dh, a.masks ? a.masks[t] : null);
    // update
    const dz = tf.mul(dhN, tf.sub(hPrev, n)); // [B, H]
    const dn = tf.sub(dhN, tf.mul(dhN, z)); // [B, H]
    const dDirect = tf.mul(dhN, z); // [B, H]
    // candidate
    const dan = tf.mul(dn, dtanh(n)) as tf.Tensor2D; // [B, H]
    const dhn = tf.mul(dan, r) as tf.Tensor2D;
    // gates
    const dar = tf.mul(tf.mul(dan, hn), dsigmoid(r)) as tf.Tensor2D;
    const daz = tf.mul(dz, dsigmoid(z)) as tf.Tensor2D;
    dxps[t] = tf.concat([dar, daz, dan], 1); // [B, 3H]
    dhps[t] = tf.concat([dar, daz, dhn], 1); // [B, 3H]
    dh = tf.add(dDirect, tf.matMul(dhps[t], whhT)) as tf.Tensor2D; // [B, 3H] x [3H, H] -> [B, H]
    if (dhCarry) dh = tf.add(dh, dhCarry) as tf.Tensor2D;
  }
  readNorms(norms, a.probe);
  const dHp = tf.concat(dhps, 0); // [T*B, 3H]
  return {
    dxp: tf.concat(dxps, 0), // [T*B, 3H]
    dh0: dh,
    dc0: null,
    dwhh: batchedWeightGrad([a.h0, ...a.hs.slice(0, a.T - 1)], dHp), // [H, T*B] x [T*B, 3H] -> [H, 3H]
    dbhh: sumRows(dHp), // [3H]
  };
}

function forwardBefore(a: SequenceInputs): SequenceForward {
  const H = a.H;
  const whhRz = tf.slice(a.whh, [0, 0], [H, 2 * H]); // [H, 2H]
  const whhN = tf.slice(a.whh, [0, 2 * H], [H, H]); // [H, H]
  const [bRz, bN] = tf.split(a.bhh, [2 * H, H]); // [2H], [H]
  const hs: tf.Tensor2D[] = [];
  const saved: tf.Tensor2D[] = [];
  let h = a.h0;
  for (let t = 0; t < a.T; t++) {
    // gates
    const [xrz, xn] = tf.split(a.xp[t], [2 * H, H], 1) as tf.Tensor2D[]; // [B, 2H], [B, H]
    const rz = tf.sigmoid(tf.add(tf.add(xrz, tf.matMul(h, whhRz)), bRz)); // [B, 2H] + [B, H] x [H, 2H]
    const [r, z] = tf.split(rz, 2, 1) as tf.Tensor2D[]; // 2 x [B, H]
    // candidate from the reset state
    const rh = tf.mul(r, h) as tf.Tensor2D; // [B, H]
    const n = tanh(tf.add(tf.add(xn, tf.matMul(rh, whhN)), bN) as tf.Tensor2D); // [B, H] x [H, H]
    const hNew = tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D; // [B, H]
    saved.push(r, z, n, rh);
    h = carry(hNew, h, a.masks ? a.masks[t] : null);
    hs.push(h);
  }
  probeSaturation(a, saved);
  return { hs, c: null, saved };
}

function backwardBefore(a: BackwardInputs): SequenceGrads {
  const H = a.H;
  const whhRzT = tf.transpose(tf.slice(a.whh, [0, 0], [H, 2 * H])); // [2H, H]
  const whhNT = tf.transpose(tf.slice(a.whh, [0, 2 * H], [H, H])); // [H, H]
  const drzs: tf.Tensor2D[] = new Array(a.T);
  const dans: tf.Tensor2D[] = new Array(a.T);
  const norms = a.probe ? ([] as tf.Scalar[]) : null;
  let dh = a.dhT;
  for (let t = a.T - 1; t >= 0; t--) {
    const [r, z, n] = a.saved.slice(t * PER_STEP, t * PER_STEP + 3) as tf.Tensor2D[];
    const hPrev = t === 0 ? a.h0 : a.hs[t - 1];
    dh = tf.add(dh, a.dys[t]) as tf.Tensor2D; // [B, H] total dL/dh_t
    recordNorm(norms, dh);
    const [dhN, dhCarry] = splitCarry(dh, a.masks ? a.masks[t] : null);
    // update
    const dz = tf.mul(dhN, tf.sub(hPrev, n)); // [B, H]
    const dn = tf.sub(dhN, tf.mul(dhN, z)); // [B, H]
    // candidate
    const dan = tf.mul(dn, dtanh(n)) as tf.Tensor2D; // [B, H]
    const drh = tf.matMul(dan, whhNT); // [B, H] x [H, H] -> [B, H]
    // gates
    const dar = tf.mul(tf.mul(drh, hPrev), dsigmoid(r));
    const daz = tf.mul(dz, dsigmoid(z));
    const drz = tf.concat([dar, daz], 1) as tf.Tensor2D; // [B, 2H]
    drzs[t] = drz;
    dans[t] = dan;
    // h_{t-1} reaches the loss directly, through r ⊙ h, and through the gates
    dh = tf.add(tf.add(tf.mul(dhN, z), tf.mul(drh, r)), tf.matMul(drz, whhRzT)) as tf.Tensor2D; // [B, 2H] x [2H, H]
    if (dhCarry) dh = tf.add(dh, dhCarry) as tf.Tensor2D;
  }
  readNorms(norms, a.probe);
  const dRz = tf.concat(drzs, 0); // [T*B, 2H]
  const dAn = tf.concat(dans, 0); // [T*B, H]
  const rhs = a.saved.filter((_, j) => j % PER_STEP === 3) as tf.Tensor2D[];
  const dwRz = batchedWeightGrad([a.h0, ...a.hs.slice(0, a.T - 1)], dRz); // [H, 2H]
  const dwN = batchedWeightGrad(rhs, dAn); // [H, T*B] x [T*B, H] -> [H, H]
  const dXp = tf.concat([dRz, dAn], 1); // [T*B, 3H]
  return {
    dxp: dXp,
    dh0: dh,
    dc0: null,
    dwhh: tf.concat([dwRz, dwN], 1), // [H, 3H]
    dbhh: sumRows(dXp), // [3H]
  };
}

function probeSaturation(a: SequenceInputs, saved: tf.Tensor2D[]): void {
  if (!a.probe) return;
  const gate = (k: number) => saved.filter((_, j) => j % PER_STEP === k);
  a.probe.saturation = { r: saturation(gate(0), 'sigmoid'), z: saturation(gate(1), 'sigmoid'), n: saturation(gate(2), 'tanh') };
}
