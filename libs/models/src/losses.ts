/**
 * Losses as single ops with hand-written gradients (fewer kernel launches on wasm than autodiff).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Weighted mean softmax cross-entropy (natural log):
 *   loss = Σ_i w_i (logsumexp(z_i) − z_i[y_i]) / Σ_i w_i
 * logits [N, V], targets [N] int32, weights [N] (mask; padding rows get 0).
 * Returns the scalar loss; gradient (softmax(z) − onehot(y)) w_i / Σ w.
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, weights: tf.Tensor1D): tf.Scalar {
  const [N, V] = logits.shape;
  if (targets.shape[0] !== N || weights.shape[0] !== N) {
    throw new Error(
      `expected targets and weights of shape [${N}] in softmaxCrossEntropy(), got [${targets.shape}] and [${weights.shape}]`,
    );
  }
  if (tf.getKernel(XENT, tf.getBackend()) && tf.getKernel(XENT_GRAD, tf.getBackend())) return fusedSoftmaxCrossEntropy(logits, targets, weights);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, y, w] = args as tf.Tensor[];
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const onehot = tf.oneHot(y as tf.Tensor1D, V); // [N, V]
    const m = tf.max(z, 1, true); // [N, 1]
    const e = tf.exp(tf.sub(z, m)); // [N, V]
    const s = tf.sum(e, 1, true); // [N, 1]
    const p = tf.div(e, s); // [N, V] softmax
    const picked = tf.sum(tf.mul(z, onehot), 1); // [N]
    const nll = tf.sub(tf.add(tf.log(tf.reshape(s, [N])), tf.reshape(m, [N])), picked); // [N]
    const total = tf.maximum(tf.sum(w), 1e-12); // []
    save([p, onehot, w, total]);
    return {
      value: tf.div(tf.sum(tf.mul(nll, w)), total) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sp, soh, sw, stotal] = saved;
        const scale = tf.div(tf.mul(tf.reshape(sw, [N, 1]), dy), stotal); // [N, 1]
        return [tf.mul(tf.sub(sp, soh), scale), tf.zerosLike(y), tf.zerosLike(sw)]; // [N, V]
      },
    };
  });
  return op(logits, targets, weights) as tf.Scalar;
}

/**
 * Fused kernels an engine may register for the active backend (the native engine does): one pass for
 * the loss, one for its gradient, instead of ~15 tfjs kernels.
 *   RnnlabSoftmaxXent     (logits [N, V], targets [N] int32, weights [N]) -> (probs [N, V], [Σ w·nll])
 *   RnnlabSoftmaxXentGrad (probs, targets, weights; attr scale) -> (probs − onehot) · w · scale
 */
export const XENT = 'RnnlabSoftmaxXent';
export const XENT_GRAD = 'RnnlabSoftmaxXentGrad';

function fusedSoftmaxCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, weights: tf.Tensor1D): tf.Scalar {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, y, w] = args as tf.Tensor[];
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [probs, lossSum] = tf.engine().runKernel(XENT, { logits: z, targets: y, weights: w }) as tf.Tensor[];
    const total = Math.max(tf.sum(w).dataSync()[0], 1e-12);
    save([probs, y, w]);
    return {
      value: tf.div(tf.reshape(lossSum, []), total) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sp, sy, sw] = saved;
        const scale = dy.dataSync()[0] / total;
        const out = tf.engine().runKernel(XENT_GRAD, { probs: sp, targets: sy, weights: sw }, { scale }) as tf.Tensor | tf.Tensor[];
        return [Array.isArray(out) ? out[0] : out, tf.zerosLike(sy), tf.zerosLike(sw)];
      },
    };
  });
  return op(logits, targets, weights) as tf.Scalar;
}

/** Per-row negative log-likelihood in nats, [N, V] x [N] -> [N] (no gradient; for metrics). */
export function rowNll(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const V = logits.shape[1];
    const m = tf.max(logits, 1, true); // [N, 1]
    const lse = tf.add(tf.log(tf.sum(tf.exp(tf.sub(logits, m)), 1)), tf.reshape(m, [-1])); // [N]
    return tf.sub(lse, tf.sum(tf.mul(logits, tf.oneHot(targets, V)), 1)) as tf.Tensor1D; // [N]
  });
}

/** Mean squared error over all elements, [N, O] x [N, O] -> []. */
export function meanSquaredError(pred: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.squaredDifference(pred, target)) as tf.Scalar;
}
