/**
 * `UnsortedSegmentSum` for the wasm backend, which lacks it. tfjs needs it for the gradient of
 * `tf.gather` (embedding lookups and one-hot input projections). Written in JS over the wasm heap:
 * out[segmentIds[i], :] += x[i, :].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface SegmentAttrs {
  numSegments: number;
}

export function registerWasmUnsortedSegmentSum(): void {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const wasm = backend as BackendWasm;
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const { numSegments } = attrs as unknown as SegmentAttrs;
      if (x.dtype !== 'float32') {
        throw new Error(`expected x of dtype float32 in UnsortedSegmentSum (wasm), got ${x.dtype}`);
      }
      const n = segmentIds.shape.reduce((a, b) => a * b, 1);
      const inner = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
      const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
      const out = wasm.makeOutput(outShape, 'float32');
      const o = wasm.typedArrayFromHeap(out) as Float32Array;
      o.fill(0);
      const xs = wasm.typedArrayFromHeap(x) as Float32Array;
      const ids = wasm.typedArrayFromHeap(segmentIds) as Int32Array;
      for (let i = 0; i < n; i++) {
        const s = ids[i];
        if (s < 0 || s >= numSegments) continue;
        const src = i * inner;
        const dst = s * inner;
        for (let j = 0; j < inner; j++) o[dst + j] += xs[src + j];
      }
      return out;
    },
  });
}
