/**
 * Elman RNN (Elman 1990), whole sequence, with hand-written BPTT.
 *
 *   a_t = x_t W_ih + b_ih + h_{t-1} W_hh + b_hh      (xp_t already holds x_t W_ih + b_ih)
 *   h_t = tanh(a_t)   (or relu(a_t))
 *
 * Backward:  da_t = dh_t ⊙ tanh'(a_t);  dh_{t-1} = da_t W_hhᵀ;  dW_hh = Σ h_{t-1}ᵀ da_t.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  batchedWeightGrad,
  sumRows,
  carry,
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

export function rnnKernel(nonlinearity: 'tanh' | 'relu'): CellKernel {
  const act = (a: tf.Tensor2D): tf.Tensor2D => (nonlinearity === 'tanh' ? tanh(a) : tf.relu(a));
  const dact = (h: tf.Tensor2D): tf.Tensor2D =>
    nonlinearity === 'tanh' ? (tf.sub(1, tf.mul(h, h)) as tf.Tensor2D) : (tf.cast(tf.greater(h, 0), 'float32') as tf.Tensor2D);

  return {
    gates: 1,
    gateNames: ['h'],
    hasCell: false,

    forward(a: SequenceInputs): SequenceForward {
      const hs: tf.Tensor2D[] = [];
      const acts: tf.Tensor2D[] = [];
      let h = a.h0;
      for (let t = 0; t < a.T; t++) {
        const pre = tf.add(tf.add(a.xp[t], tf.matMul(h, a.whh)), a.bhh) as tf.Tensor2D; // [B, H] + [B, H] x [H, H]
        const hn = act(pre); // [B, H]
        acts.push(hn);
        h = carry(hn, h, a.masks ? a.masks[t] : null); // [B, H]
        hs.push(h);
      }
      if (a.probe && nonlinearity === 'tanh') a.probe.saturation = { h: saturation(acts, 'tanh') };
      return { hs, c: null, saved: acts };
    },

    backward(a: BackwardInputs): SequenceGrads {
      const whhT = tf.transpose(a.whh); // [H, H]
      const das: tf.Tensor2D[] = new Array(a.T);
      const norms = a.probe ? ([] as tf.Scalar[]) : null;
      let dh = a.dhT;
      for (let t = a.T - 1; t >= 0; t--) {
        dh = tf.add(dh, a.dys[t]) as tf.Tensor2D; // [B, H] total dL/dh_t
        recordNorm(norms, dh);
        const [dNew, dCarry] = splitCarry(dh, a.masks ? a.masks[t] : null);
        const da = tf.mul(dNew, dact(a.saved[t] as tf.Tensor2D)) as tf.Tensor2D; // [B, H]
        das[t] = da;
        dh = tf.matMul(da, whhT); // [B, H] x [H, H] -> [B, H]
        if (dCarry) dh = tf.add(dh, dCarry) as tf.Tensor2D;
      }
      readNorms(norms, a.probe);
      const dA = tf.concat(das, 0); // [T*B, H]
      return {
        dxp: dA,
        dh0: dh,
        dc0: null,
        dwhh: batchedWeightGrad([a.h0, ...a.hs.slice(0, a.T - 1)], dA), // [H, T*B] x [T*B, H] -> [H, H]
        dbhh: sumRows(dA), // [H]
      };
    },
  };
}
