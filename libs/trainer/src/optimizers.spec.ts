import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@rnnlab/models';
import { clipGradients, globalNorm } from './clipping';
import { Optimizer } from './optimizers';
import { learningRate } from './schedules';

const cfg = { momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };

function run(kind: 'sgd' | 'adam' | 'rmsprop', grads: number[][], c = cfg): number[] {
  const p = tf.variable(tf.tensor1d([1, -2, 3]));
  const params = new Map([['w', p]]);
  const opt = new Optimizer(kind, c);
  for (const g of grads) opt.apply(params, new Map([['w', tf.tensor1d(g)]]), 0.1);
  const out = Array.from(p.dataSync());
  p.dispose();
  opt.dispose();
  return out;
}

describe('optimizers match their update rules (computed here in float64)', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });
  const gs = [[0.5, -1, 2], [0.1, 0.2, -0.3], [1, 1, 1]];

  it('SGD with momentum', () => {
    const w = [1, -2, 3], v = [0, 0, 0];
    for (const g of gs) for (let i = 0; i < 3; i++) { v[i] = 0.9 * v[i] + g[i]; w[i] -= 0.1 * v[i]; }
    run('sgd', gs).forEach((x, i) => expect(x).toBeCloseTo(w[i], 5));
  });

  it('Adam (PyTorch form of epsilon)', () => {
    const w = [1, -2, 3], m = [0, 0, 0], v = [0, 0, 0];
    gs.forEach((g, k) => {
      const t = k + 1;
      for (let i = 0; i < 3; i++) {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        const mh = m[i] / (1 - 0.9 ** t), vh = v[i] / (1 - 0.999 ** t);
        w[i] -= (0.1 * mh) / (Math.sqrt(vh) + 1e-8);
      }
    });
    run('adam', gs).forEach((x, i) => expect(x).toBeCloseTo(w[i], 5));
  });

  it('RMSprop', () => {
    const w = [1, -2, 3], s = [0, 0, 0];
    for (const g of gs) for (let i = 0; i < 3; i++) { s[i] = 0.99 * s[i] + 0.01 * g[i] * g[i]; w[i] -= (0.1 * g[i]) / (Math.sqrt(s[i]) + 1e-8); }
    run('rmsprop', gs).forEach((x, i) => expect(x).toBeCloseTo(w[i], 4));
  });

  it('state round-trips: continuing from getState() equals an uninterrupted run', () => {
    const p = tf.variable(tf.tensor1d([1, -2, 3]));
    const params = new Map([['w', p]]);
    const a = new Optimizer('adam', cfg);
    a.apply(params, new Map([['w', tf.tensor1d(gs[0])]]), 0.1);
    const b = new Optimizer('adam', cfg);
    b.setState(a.getState());
    b.apply(params, new Map([['w', tf.tensor1d(gs[1])]]), 0.1);
    b.apply(params, new Map([['w', tf.tensor1d(gs[2])]]), 0.1);
    expect(Array.from(p.dataSync())).toEqual(run('adam', gs));
    expect(() => new Optimizer('sgd', cfg).setState(a.getState())).toThrow(/expected optimizer state for "sgd"/);
  });
});

describe('clipping', () => {
  it('by global norm scales all gradients together', () => {
    const g = new Map<string, tf.Tensor>([['a', tf.tensor1d([3, 0])], ['b', tf.tensor1d([0, 4])]]);
    expect(clipGradients(g, 1, 'norm')).toBeCloseTo(5, 5);
    expect(globalNorm(g.values())).toBeCloseTo(1, 5);
    expect(Array.from((g.get('a') as tf.Tensor).dataSync())[0]).toBeCloseTo(0.6, 5);
  });
  it('by value clips element-wise', () => {
    const g = new Map<string, tf.Tensor>([['a', tf.tensor1d([3, -0.5, -7])]]);
    clipGradients(g, 1, 'value');
    expect(Array.from((g.get('a') as tf.Tensor).dataSync())).toEqual([1, -0.5, -1]);
  });
  it('leaves small gradients alone', () => {
    const g = new Map<string, tf.Tensor>([['a', tf.tensor1d([0.3, 0.4])]]);
    clipGradients(g, 1, 'norm');
    expect(Array.from((g.get('a') as tf.Tensor).dataSync())).toEqual([0.30000001192092896, 0.4000000059604645]);
  });
});

describe('learning-rate schedules', () => {
  const base = { lr: 1, steps: 100, warmup: 0, stepSize: 10, gamma: 0.5 };
  it('constant, step, cosine, warm-up', () => {
    expect(learningRate({ ...base, schedule: 'constant' }, 50)).toBe(1);
    expect(learningRate({ ...base, schedule: 'step' }, 25)).toBe(0.25);
    expect(learningRate({ ...base, schedule: 'cosine' }, 50)).toBeCloseTo(0.5, 10);
    expect(learningRate({ ...base, schedule: 'cosine' }, 100)).toBeCloseTo(0, 10);
    expect(learningRate({ ...base, schedule: 'constant', warmup: 10 }, 5)).toBeCloseTo(0.5, 10);
  });
});
