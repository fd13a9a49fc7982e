/**
 * The native engine's recurrence: the same whole-sequence op as the tfjs engine's, with the
 * forward pass and the BPTT running in fused C++ over OpenBLAS (../native). Differentiable through
 * `tf.customGrad`, so every topology, optimizer and trainer feature works unchanged.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gateNamesOf, gatesOf, type CellSpec, type RecurrenceFn } from '@rnnlab/models';
import type { NativeCell } from './addon';
import { BACKWARD, FORWARD, type RecurrenceAttrs } from './kernels';

export function nativeCell(spec: CellSpec): NativeCell {
  if (spec.cell === 'lstm') return 'lstm';
  if (spec.cell === 'gru') return spec.gruResetAfter ? 'gru_after' : 'gru_before';
  return spec.nonlinearity === 'relu' ? 'rnn_relu' : 'rnn_tanh';
}

function checkShape(name: string, t: tf.Tensor | null, want: number[]): void {
  if (t === null) return;
  if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
    throw new Error(`expected ${name} of shape [${want.join(', ')}], got [${t.shape.join(', ')}] in nativeRecurrence()`);
  }
}

/** Saturated fraction per gate from the workspace's leading [T*B, G*H] activations. */
function saturationOf(ws: tf.Tensor, spec: CellSpec, TB: number, H: number): Record<string, number> {
  const names = gateNamesOf(spec.cell);
  const G = names.length;
  const acts = ws.dataSync().subarray(0, TB * G * H);
  const out: Record<string, number> = {};
  names.forEach((name, g) => {
    const tanhGate = name === 'g' || name === 'n' || name === 'h';
    if (spec.cell === 'rnn' && spec.nonlinearity === 'relu') return;
    let n = 0;
    for (let r = 0; r < TB; r++) {
      for (let j = 0; j < H; j++) {
        const v = acts[r * G * H + g * H + j];
        if (tanhGate ? Math.abs(v) > 0.95 : Math.abs(v - 0.5) > 0.45) n++;
      }
    }
    out[name] = n / (TB * H);
  });
  return out;
}

export const nativeRecurrence: RecurrenceFn = (spec, a) => {
  const { T, B, H } = a;
  const GH = gatesOf(spec.cell) * H;
  const hasCell = spec.cell === 'lstm';
  checkShape('xp', a.xp, [T * B, GH]);
  checkShape('h0', a.h0, [B, H]);
  checkShape('whh', a.whh, [H, GH]);
  checkShape('bhh', a.bhh, [GH]);
  checkShape('mask', a.mask, [T * B, 1]);
  if (hasCell) checkShape('c0', a.c0 ?? tf.zeros([0]), [B, H]);
  const probe = a.probe ?? null;
  const hasMask = a.mask !== null;
  const attrs: RecurrenceAttrs = { cell: nativeCell(spec), T, B, H, hasCell, hasMask };
  const inputs: tf.Tensor[] = [a.xp, a.h0, a.whh, a.bhh];
  if (hasCell) inputs.push(a.c0 as tf.Tensor2D);
  if (hasMask) inputs.push(a.mask as tf.Tensor2D);

  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [xp, h0, whh, bhh] = args as tf.Tensor[];
    const c0 = hasCell ? (args[4] as tf.Tensor) : null;
    const mask = hasMask ? (args[hasCell ? 5 : 4] as tf.Tensor) : null;
    const named: tf.NamedTensorMap = { xp, h0, whh, bhh };
    if (c0) named.c0 = c0;
    if (mask) named.mask = mask;
    const [packed, ws] = tf.engine().runKernel(FORWARD, named, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    if (probe) probe.saturation = saturationOf(ws, spec, T * B, H);
    save([h0, whh, bhh, packed, ws, ...(c0 ? [c0] : []), ...(mask ? [mask] : [])]);
    return {
      value: packed,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sh0, swhh, sbhh, spacked, sws] = saved;
        const sc0 = hasCell ? saved[5] : null;
        const smask = hasMask ? saved[hasCell ? 6 : 5] : null;
        const bn: tf.NamedTensorMap = { h0: sh0, whh: swhh, bhh: sbhh, packed: spacked, ws: sws, dy };
        if (sc0) bn.c0 = sc0;
        if (smask) bn.mask = smask;
        const outs = tf.engine().runKernel(BACKWARD, bn, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        const [dxp, dh0] = outs;
        const dc0 = hasCell ? outs[2] : null;
        const [dwhh, dbhh, norms] = outs.slice(hasCell ? 3 : 2);
        if (probe) probe.dhNorms = Array.from(norms.dataSync());
        const grads: tf.Tensor[] = [dxp, dh0, dwhh, dbhh];
        if (dc0) grads.push(dc0);
        if (smask) grads.push(tf.zerosLike(smask));
        return grads;
      },
    };
  });
  const packed = op(...inputs) as tf.Tensor2D; // [(T (+1)) * B, H]
  const y = hasCell ? (tf.slice(packed, [0, 0], [T * B, H]) as tf.Tensor2D) : packed; // [T*B, H]
  const h = tf.slice(packed, [(T - 1) * B, 0], [B, H]) as tf.Tensor2D; // [B, H]
  const c = hasCell ? (tf.slice(packed, [T * B, 0], [B, H]) as tf.Tensor2D) : null; // [B, H]
  return { y, h, c };
};
