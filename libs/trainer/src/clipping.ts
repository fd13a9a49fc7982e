/**
 * Gradient clipping: by global L2 norm (Pascanu et al. 2013) or element-wise by value.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Global L2 norm of a set of gradients, read to JS. */
export function globalNorm(grads: Iterable<tf.Tensor>): number {
  return tf.tidy(() => {
    const parts = [...grads].map((g) => tf.sum(tf.square(g)));
    return parts.length ? Math.sqrt(tf.addN(parts).dataSync()[0]) : 0;
  });
}

/**
 * Clip gradients in place of the map (old tensors disposed). Returns the norm before clipping.
 * mode 'norm': g ← g · min(1, c / ||g||);  mode 'value': g ← clip(g, −c, c).
 */
export function clipGradients(grads: Map<string, tf.Tensor>, clip: number, mode: 'norm' | 'value'): number {
  const norm = globalNorm(grads.values());
  if (clip <= 0) return norm;
  if (mode === 'norm' && !(norm > clip)) return norm;
  for (const [name, g] of grads) {
    const next = mode === 'norm' ? tf.mul(g, clip / norm) : tf.clipByValue(g, -clip, clip);
    grads.set(name, next);
    g.dispose();
  }
  return norm;
}
