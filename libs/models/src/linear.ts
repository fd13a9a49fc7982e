/**
 * Dense layers and embedding lookups with gradients that avoid wasm's slow transposed matMuls.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Whether the active backend's matMul handles transposed operands at full speed. wasm's XNNPACK
 * matMul does not (transposeA is ~40x slower), so by default gradients transpose explicitly; an
 * engine that registers a BLAS matMul (the native engine) turns this on to skip those copies.
 */
let fastTransposedMatMul = false;
export function setFastTransposedMatMul(on: boolean): void {
  fastTransposedMatMul = on;
}

/**
 * y = x W + b with an explicit-transpose gradient (tf.matMul's own gradient uses transposeA/B,
 * which wasm runs ~10-40x slower than transpose + plain matMul).
 * @example linear(x, w, b) // [N, I] x [I, O] + [O] -> [N, O]
 */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null): tf.Tensor2D {
  if (x.shape[1] !== w.shape[0]) {
    throw new Error(`expected x of shape [N, ${w.shape[0]}] in linear(), got [${x.shape.join(', ')}]`);
  }
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xx, ww] = args as tf.Tensor2D[];
    const save = args[args.length - 1] as tf.GradSaveFunc;
    save([xx, ww]);
    const y = tf.matMul(xx, ww); // [N, I] x [I, O] -> [N, O]
    return {
      value: b ? tf.add(y, args[2] as tf.Tensor1D) : y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as tf.Tensor2D[];
        const d = dy as tf.Tensor2D;
        const dx = fastTransposedMatMul ? tf.matMul(d, sw, false, true) : tf.matMul(d, tf.transpose(sw)); // [N, O] x [O, I] -> [N, I]
        const dw = fastTransposedMatMul ? tf.matMul(sx, d, true, false) : tf.matMul(tf.transpose(sx), d); // [I, N] x [N, O] -> [I, O]
        return b ? [dx, dw, tf.reshape(tf.matMul(tf.ones([1, d.shape[0]]), d), [d.shape[1]])] : [dx, dw]; // column sums as a GEMM (fast on wasm)
      },
    };
  });
  return (b ? op(x, w, b) : op(x, w)) as tf.Tensor2D;
}

/** Rows of a table by id: [V, D] gathered by [N] -> [N, D] (the gradient is a segment sum). */
export function embed(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  return tf.gather(table, ids) as tf.Tensor2D; // [N, D]
}

/**
 * x + b broadcast over rows, [N, K] + [K] -> [N, K], whose bias gradient is a GEMM with a ones row
 * (autodiff's broadcast gradient is a reduction over axis 0, which wasm runs ~80x slower).
 */
export function addBias(x: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xx, bb] = args as [tf.Tensor2D, tf.Tensor1D];
    return {
      value: tf.add(xx, bb) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor) => {
        const d = dy as tf.Tensor2D;
        return [d, tf.reshape(tf.matMul(tf.ones([1, d.shape[0]]), d), [d.shape[1]])]; // [1, N] x [N, K] -> [K]
      },
    };
  });
  return op(x, b) as tf.Tensor2D;
}
