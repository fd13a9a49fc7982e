import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { checkGradients } from './finite-difference';

// The checker itself must be able to fail: a gradient off by 5% or missing a term is reported.
describe('checkGradients()', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  const withGrad = (scale: number, dropTerm: boolean) =>
    tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const x = args[0] as tf.Tensor;
      const save = args[args.length - 1] as tf.GradSaveFunc;
      save([x]);
      // f(x) = Σ sin(x) + x²/2, f'(x) = cos(x) + x
      return {
        value: tf.sum(tf.add(tf.sin(x), tf.div(tf.square(x), 2))),
        gradFunc: (dy: tf.Tensor, [sx]: tf.Tensor[]) =>
          [tf.mul(dy, tf.mul(dropTerm ? tf.cos(sx) : tf.add(tf.cos(sx), sx), scale))],
      };
    });

  it('accepts a correct gradient', () => {
    const x = tf.variable(tf.tensor1d([0.3, -1.2, 2.0, 0.7]));
    const op = withGrad(1, false);
    const r = checkGradients(() => op(x) as tf.Scalar, { x });
    expect(r.mismatches).toEqual([]);
    expect(r.checked).toBe(4);
    x.dispose();
  });

  it('reports a gradient scaled by 1.05 and one missing a term', () => {
    const x = tf.variable(tf.tensor1d([0.3, -1.2, 2.0, 0.7]));
    const scaled = withGrad(1.05, false);
    const partial = withGrad(1, true);
    expect(checkGradients(() => scaled(x) as tf.Scalar, { x }).mismatches.length).toBe(4);
    expect(checkGradients(() => partial(x) as tf.Scalar, { x }).mismatches.length).toBe(4);
    x.dispose();
  });
});
