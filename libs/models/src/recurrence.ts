/**
 * The portable (tfjs) engine's recurrence: a whole-sequence op with a hand-written gradient.
 *
 * Going through `tf.customGrad` once per layer and sequence, instead of letting autodiff tape
 * every per-step op, keeps the backward pass to the BPTT equations in the cell files and lets the
 * weight gradients be single GEMMs over all steps (measured 6x faster than tf.layers on wasm).
 *
 * Inputs and outputs are time-major: row t*B + b holds step t of sequence b.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellKind } from '@rnnlab/contracts';
import { gruKernel } from './cells/gru';
import { lstmKernel } from './cells/lstm';
import { rnnKernel } from './cells/rnn';
import type { CellKernel, RecurrenceProbe } from './cells/sequence';

export interface CellSpec {
  cell: CellKind;
  /** GRU form: true = reset-after (PyTorch), false = reset-before (Cho et al. 2014) */
  gruResetAfter: boolean;
  nonlinearity: 'tanh' | 'relu';
}

export interface RecurrenceArgs {
  T: number;
  B: number;
  H: number;
  /** [T*B, G*H] input projection x W_ih + b_ih, time-major */
  xp: tf.Tensor2D;
  /** [B, H] */
  h0: tf.Tensor2D;
  /** [B, H] for LSTM, else null */
  c0: tf.Tensor2D | null;
  /** [H, G*H] */
  whh: tf.Tensor2D;
  /** [G*H] */
  bhh: tf.Tensor1D;
  /** [T*B, 1], 1 = real step; null when all steps are real */
  mask: tf.Tensor2D | null;
  probe?: RecurrenceProbe | null;
}

export interface RecurrenceResult {
  /** [T*B, H] hidden state at every step (padding steps repeat the last real state) */
  y: tf.Tensor2D;
  /** [B, H] final hidden state */
  h: tf.Tensor2D;
  /** [B, H] final cell state (LSTM) */
  c: tf.Tensor2D | null;
}

/** A function that runs one recurrent layer over a whole sequence, differentiably. */
export type RecurrenceFn = (spec: CellSpec, a: RecurrenceArgs) => RecurrenceResult;

export function gatesOf(cell: CellKind): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

export function gateNamesOf(cell: CellKind): readonly string[] {
  return cell === 'lstm' ? ['i', 'f', 'g', 'o'] : cell === 'gru' ? ['r', 'z', 'n'] : ['h'];
}

export function kernelFor(spec: CellSpec): CellKernel {
  if (spec.cell === 'lstm') return lstmKernel;
  if (spec.cell === 'gru') return gruKernel(spec.gruResetAfter);
  return rnnKernel(spec.nonlinearity);
}

function checkShape(name: string, t: tf.Tensor | null, want: number[]): void {
  if (t === null) return;
  if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
    throw new Error(`expected ${name} of shape [${want.join(', ')}], got [${t.shape.join(', ')}] in tfjsRecurrence()`);
  }
}

/** Split [T*B, K] into T tensors of [B, K] (one op). */
function steps(x: tf.Tensor2D, T: number): tf.Tensor2D[] {
  return T === 1 ? [x] : (tf.split(x, T, 0) as tf.Tensor2D[]);
}

/** The tfjs engine's recurrence (see module doc). */
export const tfjsRecurrence: RecurrenceFn = (spec, a) => {
  const { T, B, H } = a;
  const kernel = kernelFor(spec);
  const GH = kernel.gates * H;
  checkShape('xp', a.xp, [T * B, GH]);
  checkShape('h0', a.h0, [B, H]);
  checkShape('whh', a.whh, [H, GH]);
  checkShape('bhh', a.bhh, [GH]);
  checkShape('mask', a.mask, [T * B, 1]);
  if (kernel.hasCell) checkShape('c0', a.c0 ?? tf.zeros([0]), [B, H]);
  const probe = a.probe ?? null;
  const hasMask = a.mask !== null;
  const inputs: tf.Tensor[] = [a.xp, a.h0, a.whh, a.bhh];
  if (kernel.hasCell) inputs.push(a.c0 as tf.Tensor2D);
  if (hasMask) inputs.push(a.mask as tf.Tensor2D);

  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [xp, h0, whh, bhh] = args as tf.Tensor2D[];
    const c0 = kernel.hasCell ? (args[4] as tf.Tensor2D) : null;
    const mask = hasMask ? (args[kernel.hasCell ? 5 : 4] as tf.Tensor2D) : null;
    const masks = mask ? steps(mask, T) : null;
    const fwd = kernel.forward({
      T, B, H, xp: steps(xp, T), h0, c0, whh, bhh: bhh as unknown as tf.Tensor1D, masks, probe,
    });
    // packed output: h_1..h_T then c_T: [(T (+1)) * B, H]
    const value = tf.concat(fwd.c ? [...fwd.hs, fwd.c] : fwd.hs, 0);
    save([h0, whh, ...(masks ?? []), ...fwd.hs, ...fwd.saved]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sh0, swhh] = saved as tf.Tensor2D[];
        let k = 2;
        const smasks = hasMask ? (saved.slice(k, (k += T)) as tf.Tensor2D[]) : null;
        const hs = saved.slice(k, (k += T)) as tf.Tensor2D[];
        const rest = saved.slice(k);
        const pieces = steps(dy as tf.Tensor2D, kernel.hasCell ? T + 1 : T);
        const g = kernel.backward({
          T, B, H, xp: [], h0: sh0, c0: null, whh: swhh, bhh: tf.zeros([GH]) as tf.Tensor1D, masks: smasks, probe,
          dys: pieces.slice(0, T), dhT: tf.zerosLike(sh0), dcT: kernel.hasCell ? pieces[T] : null, hs, saved: rest,
        });
        const grads: tf.Tensor[] = [g.dxp, g.dh0, g.dwhh, g.dbhh];
        if (kernel.hasCell) grads.push(g.dc0 as tf.Tensor2D);
        if (hasMask) grads.push(tf.zerosLike(smasks ? tf.concat(smasks, 0) : sh0));
        return grads;
      },
    };
  });
  const packed = op(...inputs) as tf.Tensor2D; // [(T (+1)) * B, H]
  const y = T === 1 && !kernel.hasCell ? packed : (tf.slice(packed, [0, 0], [T * B, H]) as tf.Tensor2D); // [T*B, H]
  const h = tf.slice(packed, [(T - 1) * B, 0], [B, H]) as tf.Tensor2D; // [B, H]
  const c = kernel.hasCell ? (tf.slice(packed, [T * B, 0], [B, H]) as tf.Tensor2D) : null; // [B, H]
  return { y, h, c };
};
