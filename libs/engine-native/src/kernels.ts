/**
 * tfjs kernels over the native addon, for the `wasm` and `cpu` backends, zero-copy on the backend's
 * memory: wasm tensors are read and written through views of the WebAssembly heap, cpu tensors
 * through their typed arrays.
 *
 *   RnnlabRecurrenceForward  (xp, h0, [c0], whh, bhh, [mask]) -> (packed [(T (+1)) * B, H], ws)
 *   RnnlabRecurrenceBackward (h0, [c0], whh, bhh, [mask], packed, ws, dy) -> (dxp, dh0, [dc0], dwhh, dbhh, dhNorms [T])
 *   BatchMatMul (wasm)       replaced by OpenBLAS sgemm, transposes included
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon, NativeCell } from './addon';

export const FORWARD = 'RnnlabRecurrenceForward';
export const BACKWARD = 'RnnlabRecurrenceBackward';

export interface RecurrenceAttrs {
  cell: NativeCell;
  T: number;
  B: number;
  H: number;
  hasCell: boolean;
  hasMask: boolean;
}

/** Backend-specific memory access: views of inputs, and outputs to fill. */
interface Mem {
  view(t: tf.TensorInfo): Float32Array;
  ints(t: tf.TensorInfo): Int32Array;
  /** allocate outputs, then hand back views of them (views are taken after every allocation) */
  outputs(shapes: number[][]): { infos: tf.TensorInfo[]; views: () => Float32Array[] };
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array;
}
interface CpuBackendLike {
  data: { get(id: tf.DataId): { values: Float32Array | Int32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

function memOf(backendName: string, backend: unknown): Mem {
  if (backendName === 'wasm') {
    const b = backend as WasmBackendLike;
    return {
      view: (t) => b.typedArrayFromHeap(t) as Float32Array,
      ints: (t) => b.typedArrayFromHeap(t) as Int32Array,
      outputs: (shapes) => {
        const infos = shapes.map((s) => b.makeOutput(s, 'float32'));
        return { infos, views: () => infos.map((i) => b.typedArrayFromHeap(i) as Float32Array) };
      },
    };
  }
  const b = backend as CpuBackendLike;
  return {
    view: (t) => b.data.get(t.dataId).values as Float32Array,
    ints: (t) => b.data.get(t.dataId).values as Int32Array,
    outputs: (shapes) => {
      const arrays = shapes.map((s) => new Float32Array(s.reduce((a, c) => a * c, 1)));
      const infos = shapes.map((s, i) => b.makeTensorInfo(s, 'float32', arrays[i]));
      return { infos, views: () => arrays };
    },
  };
}

function gatesOf(cell: NativeCell): number {
  return cell === 'lstm' ? 4 : cell.startsWith('gru') ? 3 : 1;
}

export function registerNativeKernels(addon: NativeAddon): void {
  for (const backendName of ['wasm', 'cpu']) {
    if (tf.getKernel(FORWARD, backendName)) continue;
    tf.registerKernel({
      kernelName: FORWARD,
      backendName,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const a = attrs as unknown as RecurrenceAttrs;
        const { T, B, H } = a;
        const m = memOf(backendName, backend);
        const ins = inputs as Record<string, tf.TensorInfo>;
        const wsSize = addon.workspaceSize(a.cell, T, B, H);
        const out = m.outputs([[T * B + (a.hasCell ? B : 0), H], [wsSize]]);
        const [packed, ws] = out.views();
        addon.forward(
          a.cell, T, B, H, m.view(ins.xp), m.view(ins.h0), a.hasCell ? m.view(ins.c0) : null, m.view(ins.whh), m.view(ins.bhh),
          a.hasMask ? m.view(ins.mask) : null, packed.subarray(0, T * B * H), a.hasCell ? packed.subarray(T * B * H) : null, ws,
        );
        return out.infos;
      },
    });
    tf.registerKernel({
      kernelName: BACKWARD,
      backendName,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const a = attrs as unknown as RecurrenceAttrs;
        const { T, B, H } = a;
        const GH = gatesOf(a.cell) * H;
        const m = memOf(backendName, backend);
        const ins = inputs as Record<string, tf.TensorInfo>;
        const shapes = [[T * B, GH], [B, H], ...(a.hasCell ? [[B, H]] : []), [H, GH], [GH], [T]];
        const out = m.outputs(shapes);
        const v = out.views();
        const [dxp, dh0] = v;
        const dc0 = a.hasCell ? v[2] : null;
        const [dwhh, dbhh, norms] = v.slice(a.hasCell ? 3 : 2);
        const packed = m.view(ins.packed);
        const dy = m.view(ins.dy);
        addon.backward(
          a.cell, T, B, H, m.view(ins.h0), a.hasCell ? m.view(ins.c0) : null, m.view(ins.whh), m.view(ins.bhh),
          a.hasMask ? m.view(ins.mask) : null, packed.subarray(0, T * B * H), m.view(ins.ws),
          dy.subarray(0, T * B * H), a.hasCell ? dy.subarray(T * B * H) : null, dxp, dh0, dc0, dwhh, dbhh, norms,
        );
        return out.infos;
      },
    });
  }
}

/** BatchMatMul on wasm through OpenBLAS (transposes included, so tfjs's gradients stay fast). */
export function registerBlasMatMul(addon: NativeAddon): void {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  if (!original || (original.kernelFunc as { rnnlab?: boolean }).rnnlab) return;
  const fn: tf.KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const ra = a.shape.length;
    const rb = b.shape.length;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || ra < 2 || rb < 2 || ra > 3 || rb > 3) return original.kernelFunc(args);
    // tfjs hands 2-D operands straight to the kernel: treat them as a batch of one
    const [ba, r0, c0] = ra === 3 ? a.shape : [1, ...a.shape];
    const [bb, r1, c1] = rb === 3 ? b.shape : [1, ...b.shape];
    const M = transposeA ? c0 : r0;
    const K = transposeA ? r0 : c0;
    const N = transposeB ? r1 : c1;
    const batch = Math.max(ba, bb);
    if ((ba !== bb && ba !== 1 && bb !== 1) || K !== (transposeB ? c1 : r1)) return original.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const out = backend.makeOutput(ra === 2 && rb === 2 ? [M, N] : [batch, M, N], 'float32');
    const av = backend.typedArrayFromHeap(a) as Float32Array;
    const bv = backend.typedArrayFromHeap(b) as Float32Array;
    const ov = backend.typedArrayFromHeap(out) as Float32Array;
    const sa = ba === 1 ? 0 : r0 * c0;
    const sb = bb === 1 ? 0 : r1 * c1;
    for (let i = 0; i < batch; i++) {
      addon.sgemm(
        transposeA, transposeB, M, N, K, 1,
        av.subarray(i * sa, i * sa + r0 * c0), c0, bv.subarray(i * sb, i * sb + r1 * c1), c1, 0, ov.subarray(i * M * N, (i + 1) * M * N), N,
      );
    }
    return out;
  };
  (fn as { rnnlab?: boolean }).rnnlab = true;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc: fn, setupFunc: original.setupFunc });
}

/** Kernel names the rest of rnnlab looks for (and uses when registered for the active backend). */
export const ADAM = 'RnnlabAdam';
export const XENT = 'RnnlabSoftmaxXent';
export const XENT_GRAD = 'RnnlabSoftmaxXentGrad';

/**
 * One-pass training-step helpers: Adam (p, g, m, v) -> (p', m', v'); softmax cross-entropy
 * (logits, targets, weights) -> (probs, [Σ w·nll]) and its gradient; the embedding gradient
 * (UnsortedSegmentSum over rows) on wasm.
 */
export function registerTrainingKernels(addon: NativeAddon): void {
  for (const backendName of ['wasm', 'cpu']) {
    if (tf.getKernel(ADAM, backendName)) continue;
    tf.registerKernel({
      kernelName: ADAM,
      backendName,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const { p, g, m, v } = inputs as Record<string, tf.TensorInfo>;
        const at = attrs as unknown as { beta1: number; beta2: number; epsHat: number; stepSize: number; decay: number };
        const mem = memOf(backendName, backend);
        const out = mem.outputs([p.shape, p.shape, p.shape]);
        const [po, mo, vo] = out.views();
        addon.adam(mem.view(p), mem.view(g), mem.view(m), mem.view(v), po, mo, vo, at.beta1, at.beta2, at.epsHat, at.stepSize, at.decay);
        return out.infos;
      },
    });
    tf.registerKernel({
      kernelName: XENT,
      backendName,
      kernelFunc: ({ inputs, backend }) => {
        const { logits, targets, weights } = inputs as Record<string, tf.TensorInfo>;
        const mem = memOf(backendName, backend);
        const out = mem.outputs([logits.shape, [1]]);
        const [probs, loss] = out.views();
        loss[0] = addon.softmaxXent(mem.view(logits), mem.ints(targets), mem.view(weights), probs, logits.shape[1]);
        return out.infos;
      },
    });
    tf.registerKernel({
      kernelName: XENT_GRAD,
      backendName,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const { probs, targets, weights } = inputs as Record<string, tf.TensorInfo>;
        const { scale } = attrs as unknown as { scale: number };
        const mem = memOf(backendName, backend);
        const out = mem.outputs([probs.shape]);
        const [d] = out.views();
        addon.softmaxXentGrad(mem.view(probs), mem.ints(targets), mem.view(weights), scale, d, probs.shape[1]);
        return out.infos;
      },
    });
  }
  const original = tf.getKernel('UnsortedSegmentSum', 'wasm');
  if (original && !(original.kernelFunc as { rnnlabNative?: boolean }).rnnlabNative) {
    const fn: tf.KernelFunc = (args) => {
      const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const { numSegments } = args.attrs as unknown as { numSegments: number };
      if (x.dtype !== 'float32' || segmentIds.shape.length !== 1 || x.shape.length < 2 || x.shape[0] !== segmentIds.shape[0]) {
        return original.kernelFunc(args);
      }
      const mem = memOf('wasm', args.backend);
      const K = x.shape.slice(1).reduce((p, c) => p * c, 1);
      const out = mem.outputs([[numSegments, ...x.shape.slice(1)]]);
      const [o] = out.views();
      addon.scatterAddRows(mem.ints(segmentIds), mem.view(x), o, K);
      return out.infos[0];
    };
    (fn as { rnnlabNative?: boolean }).rnnlabNative = true;
    tf.unregisterKernel('UnsortedSegmentSum', 'wasm');
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: fn, setupFunc: original.setupFunc });
  }
}
