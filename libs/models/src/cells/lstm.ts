/**
 * LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000), whole sequence,
 * with hand-written BPTT. Gate order (i, f, g, o) as in PyTorch.
 *
 *   z_t = x_t W_ih + b_ih + h_{t-1} W_hh + b_hh          [B, 4H]
 *   i = σ(z_i)  f = σ(z_f)  g = tanh(z_g)  o = σ(z_o)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g
 *   h_t = o ⊙ tanh(c_t)
 *
 * Backward (dh, dc: total gradients reaching h_t, c_t):
 *   do = dh ⊙ tanh(c_t);  dc += dh ⊙ o ⊙ (1 − tanh²(c_t))
 *   di = dc ⊙ g;  dg = dc ⊙ i;  df = dc ⊙ c_{t-1};  dc_{t-1} = dc ⊙ f
 *   dz = [di σ', df σ', dg tanh', do σ'];  dh_{t-1} = dz W_hhᵀ
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

/** saved per step: i, f, g, o, c_{t-1}, tanh(c_t) */
const PER_STEP = 6;

export const lstmKernel: CellKernel = {
  gates: 4,
  gateNames: ['i', 'f', 'g', 'o'],
  hasCell: true,

  forward(a: SequenceInputs): SequenceForward {
    if (!a.c0) throw new Error('expected c0 of shape [B, H] in lstmKernel.forward(), got null');
    const hs: tf.Tensor2D[] = [];
    const saved: tf.Tensor2D[] = [];
    let h = a.h0;
    let c = a.c0;
    for (let t = 0; t < a.T; t++) {
      // gates
      const z = tf.add(tf.add(a.xp[t], tf.matMul(h, a.whh)), a.bhh) as tf.Tensor2D; // [B, 4H] + [B, H] x [H, 4H]
      const [zi, zf, zg, zo] = tf.split(z, 4, 1) as tf.Tensor2D[]; // 4 x [B, H]
      const i = tf.sigmoid(zi);
      const f = tf.sigmoid(zf);
      const g = tanh(zg);
      const o = tf.sigmoid(zo);
      // cell update
      const cNew = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D; // [B, H]
      const tc = tanh(cNew); // [B, H]
      // output
      const hNew = tf.mul(o, tc) as tf.Tensor2D; // [B, H]
      saved.push(i, f, g, o, c, tc);
      const m = a.masks ? a.masks[t] : null;
      h = carry(hNew, h, m);
      c = carry(cNew, c, m);
      hs.push(h);
    }
    if (a.probe) {
      const gate = (k: number) => saved.filter((_, j) => j % PER_STEP === k);
      a.probe.saturation = {
        i: saturation(gate(0), 'sigmoid'),
        f: saturation(gate(1), 'sigmoid'),
        g: saturation(gate(2), 'tanh'),
        o: saturation(gate(3), 'sigmoid'),
      };
    }
    return { hs, c, saved };
  },

  backward(a: BackwardInputs): SequenceGrads {
    const whhT = tf.transpose(a.whh); // [4H, H]
    const dzs: tf.Tensor2D[] = new Array(a.T);
    const norms = a.probe ? ([] as tf.Scalar[]) : null;
    let dh = a.dhT;
    let dc = a.dcT as tf.Tensor2D;
    for (let t = a.T - 1; t >= 0; t--) {
      const [i, f, g, o, cPrev, tc] = a.saved.slice(t * PER_STEP, (t + 1) * PER_STEP) as tf.Tensor2D[];
      dh = tf.add(dh, a.dys[t]) as tf.Tensor2D; // [B, H] total dL/dh_t
      recordNorm(norms, dh);
      const m = a.masks ? a.masks[t] : null;
      const [dhN, dhCarry] = splitCarry(dh, m);
      const [dcIn, dcCarry] = splitCarry(dc, m);
      // output
      const dO = tf.mul(dhN, tc); // [B, H]
      // cell update
      const dcT = tf.add(dcIn, tf.mul(tf.mul(dhN, o), dtanh(tc))); // [B, H]
      const dI = tf.mul(dcT, g);
      const dG = tf.mul(dcT, i);
      const dF = tf.mul(dcT, cPrev);
      dc = tf.mul(dcT, f) as tf.Tensor2D; // [B, H]
      // gates (pre-activations)
      const dz = tf.concat(
        [tf.mul(dI, dsigmoid(i)), tf.mul(dF, dsigmoid(f)), tf.mul(dG, dtanh(g)), tf.mul(dO, dsigmoid(o))],
        1,
      ) as tf.Tensor2D; // [B, 4H]
      dzs[t] = dz;
      dh = tf.matMul(dz, whhT); // [B, 4H] x [4H, H] -> [B, H]
      if (dhCarry) dh = tf.add(dh, dhCarry) as tf.Tensor2D;
      if (dcCarry) dc = tf.add(dc, dcCarry) as tf.Tensor2D;
    }
    readNorms(norms, a.probe);
    const dZ = tf.concat(dzs, 0); // [T*B, 4H]
    return {
      dxp: dZ,
      dh0: dh,
      dc0: dc,
      dwhh: batchedWeightGrad([a.h0, ...a.hs.slice(0, a.T - 1)], dZ), // [H, T*B] x [T*B, 4H] -> [H, 4H]
      dbhh: sumRows(dZ), // [4H]
    };
  },
};
