/**
 * End-to-end gradients of every topology (parameters and dense inputs) against central finite
 * differences: the recurrence's custom gradient composed with heads, masks, context transforms,
 * attention and the loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rnnlab/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { softmaxCrossEntropy } from './losses';
import { RecurrentModel } from './model';
import type { ModelSpecInput } from './model-spec';
import { checkGradients, lengthMask, randn, type GradCheckOptions } from './testing/finite-difference';

/** Time-major int32 ids [T*B] from batch-first rows. */
function idsOf(rows: number[][]): tf.Tensor1D {
  const B = rows.length;
  const T = rows[0].length;
  const out: number[] = [];
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) out.push(rows[b][t]);
  return tf.tensor1d(out, 'int32');
}

function paramVars(model: RecurrentModel): Record<string, tf.Variable> {
  return Object.fromEntries(model.params);
}

/** Check and assert: no mismatches, and every variable received a non-trivial gradient. */
function expectGradientsMatch(f: () => tf.Scalar, vars: Record<string, tf.Variable>, opts: GradCheckOptions = {}): void {
  const r = checkGradients(f, vars, { maxEntries: 8, ...opts });
  expect(r.mismatches).toEqual([]);
  for (const [name, m] of Object.entries(r.maxAbsGrad)) expect(m, `max |dL/d ${name}|`).toBeGreaterThan(1e-4);
}

const infer = { training: false };

describe('RecurrentModel gradients vs central finite differences', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('many-to-one, GRU reset-before, 2 layers, masked lengths: head reads the last real step', () => {
    const T = 4, B = 3, I = 3;
    const spec: ModelSpecInput = { cell: 'gru', gruResetAfter: false, layers: 2, hidden: 4, topology: 'many-to-one', input: { kind: 'dense', features: I }, outputSize: 2 };
    const model = new RecurrentModel(spec, 1);
    const rng = new Rng(2);
    const x = tf.variable(randn(rng, [T * B, I]));
    const lengths = [4, 2, 3];
    const mask = lengthMask(lengths, T);
    const P = randn(rng, [B, 2]);
    try {
      const f = () => tf.sum(tf.mul(model.manyToOne({ kind: 'dense', x: x as tf.Tensor as tf.Tensor2D }, T, B, mask, infer), P)) as tf.Scalar;
      expectGradientsMatch(f, { ...paramVars(model), x });
      // each row equals the same sequence run alone, cut to its length
      const all = tf.tidy(() => model.manyToOne({ kind: 'dense', x: x as tf.Tensor as tf.Tensor2D }, T, B, mask, infer).arraySync());
      const xs = x.arraySync() as number[][];
      for (let b = 0; b < B; b++) {
        const alone = tf.tidy(() => {
          const rows = Array.from({ length: lengths[b] }, (_, t) => xs[t * B + b]);
          return model.manyToOne({ kind: 'dense', x: tf.tensor2d(rows) }, lengths[b], 1, null, infer).arraySync()[0];
        });
        alone.forEach((v, k) => expect(all[b][k]).toBeCloseTo(v, 5));
      }
    } finally {
      tf.dispose([x, mask, P]);
      model.dispose();
    }
  });

  it('many-to-one, relu RNN, tokens with an embedding, softmax cross-entropy', () => {
    const T = 5, B = 2;
    const model = new RecurrentModel(
      { cell: 'rnn', nonlinearity: 'relu', hidden: 5, embed: 3, topology: 'many-to-one', input: { kind: 'tokens', vocab: 6 }, outputSize: 3 },
      3,
    );
    const ids = idsOf([[1, 2, 3, 4, 5], [5, 0, 2, 2, 1]]);
    const y = tf.tensor1d([2, 0], 'int32');
    const w = tf.ones([B]) as tf.Tensor1D;
    try {
      const f = () => softmaxCrossEntropy(model.manyToOne({ kind: 'ids', ids }, T, B, null, infer), y, w);
      // relu is piecewise linear: a small step keeps pre-activations on their side of the kink
      expectGradientsMatch(f, paramVars(model), { eps: 1e-3 });
    } finally {
      tf.dispose([ids, y, w]);
      model.dispose();
    }
  });

  for (const [mode, cell] of [['first', 'lstm'], ['every', 'gru']] as const) {
    it(`one-to-many '${mode}' (${cell}, 2 layers): dL/d{params, x}`, () => {
      const T = 4, B = 2, I = 3, O = 3;
      const model = new RecurrentModel(
        { cell, layers: 2, hidden: 4, topology: 'one-to-many', oneToMany: mode, input: { kind: 'dense', features: I }, outputSize: O },
        4,
      );
      const rng = new Rng(5);
      const x = tf.variable(randn(rng, [B, I]));
      const P = randn(rng, [T * B, O]);
      try {
        const f = () => tf.sum(tf.mul(model.oneToMany({ kind: 'dense', x: x as tf.Tensor as tf.Tensor2D }, T, B, infer), P)) as tf.Scalar;
        expectGradientsMatch(f, { ...paramVars(model), x });
      } finally {
        tf.dispose([x, P]);
        model.dispose();
      }
    });
  }

  const ENC_DEC: [string, Partial<ModelSpecInput>][] = [
    ['last', { cell: 'lstm', layers: 2 }],
    ['transform', { cell: 'gru', embed: 3 }],
    ['attention', { cell: 'lstm', layers: 1 }],
  ];
  for (const [context, extra] of ENC_DEC) {
    it(`encoder-decoder, context '${context}' (${extra.cell}), masked source, masked target rows`, () => {
      const Ts = 4, Tt = 3, B = 2, V = 5;
      const model = new RecurrentModel(
        { hidden: 4, ...extra, context: context as 'last', topology: 'encoder-decoder', input: { kind: 'tokens', vocab: 6 }, outputSize: V },
        6,
      );
      const src = idsOf([[1, 2, 3, 4], [5, 3, 0, 0]]);
      const srcMask = lengthMask([4, 2], Ts);
      const tgtIn = idsOf([[1, 2, 3], [1, 4, 2]]);
      const tgtOut = idsOf([[2, 3, 4], [4, 2, 0]]);
      const tgtW = tf.tensor1d([1, 1, 1, 1, 1, 0]); // time-major: (t=2, b=1) is padding
      try {
        const f = () => {
          const d = model.encode(src, srcMask, Ts, B, infer);
          return softmaxCrossEntropy(model.decode(d, tgtIn, Tt, B, infer), tgtOut, tgtW);
        };
        expectGradientsMatch(f, paramVars(model));
      } finally {
        tf.dispose([src, srcMask, tgtIn, tgtOut, tgtW]);
        model.dispose();
      }
    });
  }
});
