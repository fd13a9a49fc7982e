/**
 * RecurrentModel behaviour beyond gradients: token inputs, step-by-step decoding, dropout, and
 * memory across training steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rnnlab/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import type { RecurrenceProbe } from './cells/sequence';
import { softmaxCrossEntropy } from './losses';
import { RecurrentModel, type LayerState } from './model';
import type { ModelSpecInput } from './model-spec';
import { analyticGrads, checkGradients, lengthMask, maxAbsDiff, randn } from './testing/finite-difference';

/** Time-major int32 ids [T*B] from batch-first rows. */
function idsOf(rows: number[][]): tf.Tensor1D {
  const out: number[] = [];
  for (let t = 0; t < rows[0].length; t++) for (const row of rows) out.push(row[t]);
  return tf.tensor1d(out, 'int32');
}

const infer = { training: false };

beforeAll(async () => {
  await initBackend('auto');
});

describe('token inputs', () => {
  it('embed=0: ids (a row gather of W_ih) give the same outputs and gradients as dense one-hot input', () => {
    const T = 4, B = 3, V = 7;
    const base = { cell: 'lstm', layers: 2, hidden: 5, topology: 'many-to-many', outputSize: 4 } as const;
    const tok = new RecurrentModel({ ...base, input: { kind: 'tokens', vocab: V } }, 1);
    const dense = new RecurrentModel({ ...base, input: { kind: 'dense', features: V } }, 99);
    dense.setWeights(tok.getWeights());
    const ids = idsOf([[0, 2, 2, 6], [6, 6, 3, 0], [2, 3, 4, 4]]); // ids 1 and 5 never occur
    const onehot = tf.oneHot(ids, V).toFloat() as tf.Tensor2D; // [T*B, V]
    const P = randn(new Rng(1), [T * B, 4]);
    try {
      const a = tf.tidy(() => tok.manyToMany({ kind: 'ids', ids }, T, B, null, null, infer).logits.dataSync());
      const b = tf.tidy(() => dense.manyToMany({ kind: 'dense', x: onehot }, T, B, null, null, infer).logits.dataSync());
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
      expect(maxAbsDiff(a, new Float32Array(a.length))).toBeGreaterThan(1e-3);
      // gradients: W_ih's through tf.gather (UnsortedSegmentSum on wasm) vs through the matMul
      const ga = analyticGrads(
        () => tf.sum(tf.mul(tok.manyToMany({ kind: 'ids', ids }, T, B, null, null, infer).logits, P)) as tf.Scalar,
        Object.fromEntries(tok.params),
      );
      const gb = analyticGrads(
        () => tf.sum(tf.mul(dense.manyToMany({ kind: 'dense', x: onehot }, T, B, null, null, infer).logits, P)) as tf.Scalar,
        Object.fromEntries(dense.params),
      );
      for (const name of Object.keys(ga)) expect(maxAbsDiff(ga[name], gb[name]), `d/d ${name}`).toBeLessThan(1e-5);
      // W_ih rows of ids that never occur get no gradient, the others do
      const wih = ga['rnn.weight_ih_l0'];
      const GH = 4 * 5;
      for (let v = 0; v < V; v++) {
        const row = wih.subarray(v * GH, (v + 1) * GH);
        expect(row.some((x) => x !== 0), `row ${v} of dL/dW_ih`).toBe(v !== 1 && v !== 5);
      }
    } finally {
      tf.dispose([ids, onehot, P]);
      tok.dispose();
      dense.dispose();
    }
  });

  it('embed>0: the gradient reaches embed.weight (FD) and only the rows of ids that occur', () => {
    const T = 3, B = 2, V = 6;
    const model = new RecurrentModel(
      { cell: 'gru', hidden: 4, embed: 3, topology: 'many-to-many', input: { kind: 'tokens', vocab: V }, outputSize: V },
      2,
    );
    const ids = idsOf([[1, 2, 2], [4, 1, 2]]); // ids 0, 3 and 5 never occur
    const targets = idsOf([[2, 2, 3], [1, 2, 0]]);
    const w = tf.ones([T * B]) as tf.Tensor1D;
    const table = model.p('embed.weight');
    try {
      const f = () => softmaxCrossEntropy(model.manyToMany({ kind: 'ids', ids }, T, B, null, null, infer).logits, targets, w);
      const r = checkGradients(f, { 'embed.weight': table });
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBe(V * 3);
      const g = analyticGrads(f, { e: table }).e;
      for (let v = 0; v < V; v++) {
        const row = Array.from(g.subarray(v * 3, v * 3 + 3));
        if ([0, 3, 5].includes(v)) expect(row, `row ${v}`).toEqual([0, 0, 0]);
        else expect(row.some((x) => Math.abs(x) > 1e-4), `row ${v}`).toBe(true);
      }
    } finally {
      tf.dispose([ids, targets, w]);
      model.dispose();
    }
  });

  it('one-to-many with token input: the id at step 1 (or every step) drives the outputs', () => {
    for (const mode of ['first', 'every'] as const) {
      const model = new RecurrentModel(
        { cell: 'rnn', hidden: 4, topology: 'one-to-many', oneToMany: mode, input: { kind: 'tokens', vocab: 5 }, outputSize: 3 },
        3,
      );
      const out = tf.tidy(() => {
        const a = model.oneToMany({ kind: 'ids', ids: tf.tensor1d([1, 3], 'int32') }, 4, 2, infer);
        const b = model.oneToMany({ kind: 'ids', ids: tf.tensor1d([2, 3], 'int32') }, 4, 2, infer);
        return { shape: a.shape, a: a.arraySync(), b: b.arraySync() };
      });
      expect(out.shape).toEqual([8, 3]);
      // row t*B + b: sequence 0 differs at every step, sequence 1 (same id) does not
      for (let t = 0; t < 4; t++) {
        expect(maxAbsDiff(out.a[t * 2], out.b[t * 2])).toBeGreaterThan(1e-6);
        expect(out.a[t * 2 + 1]).toEqual(out.b[t * 2 + 1]);
      }
      model.dispose();
    }
  });
});

describe('one-to-many with feedback (generation)', () => {
  for (const mode of ['first', 'every'] as const) {
    it(`reads [x_t, one-hot(prev_t)] with x_t = x ${mode === 'first' ? 'at step 0 only' : 'at every step'}, in one call or step by step; FD gradients`, () => {
      const T = 4, B = 2, I = 2, V = 5;
      const model = new RecurrentModel({ cell: 'gru', hidden: 6, topology: 'one-to-many', oneToMany: mode, input: { kind: 'dense', features: I }, feedback: V, outputSize: V }, 4);
      expect(model.params.get('rnn.weight_ih_l0')?.shape).toEqual([I + V, 18]);
      const x = tf.tensor2d([[1, 0], [0, 1]]); // [B, I]
      const prev = [[1, 3, 4, 2], [1, 2, 2, 3]];
      const out = tf.tidy(() => {
        const fed = model.oneToManyFed(x, idsOf(prev), T, B, null, 0, infer).logits; // [T*B, V]
        // the same input built by hand: rows t*B + b = [x_b or 0, one-hot(prev_b,t)]
        const rows: number[][] = [];
        for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) rows.push([...(mode === 'every' || t === 0 ? (x.arraySync() as number[][])[b] : [0, 0]), ...Array.from({ length: V }, (_, v) => (v === prev[b][t] ? 1 : 0))]);
        const byHand = model.manyToMany({ kind: 'dense', x: tf.tensor2d(rows) }, T, B, null, null, infer).logits;
        // one step at a time, carrying the state, as sampling does
        let states: LayerState[] | null = null;
        const steps: tf.Tensor2D[] = [];
        for (let t = 0; t < T; t++) {
          const r = model.oneToManyFed(x, tf.tensor1d(prev.map((p) => p[t]), 'int32'), 1, B, states, t, infer);
          states = r.states;
          steps.push(r.logits);
        }
        return { fed: fed.arraySync(), byHand: byHand.arraySync(), stepped: (tf.concat(steps, 0) as tf.Tensor2D).arraySync() };
      });
      expect(maxAbsDiff(out.fed.flat(), out.byHand.flat())).toBeLessThan(1e-6);
      expect(maxAbsDiff(out.fed.flat(), out.stepped.flat())).toBeLessThan(1e-5);
      const targets = tf.tensor1d([3, 4, 2, 1, 2, 0, 3, 3], 'int32');
      const report = checkGradients(() => softmaxCrossEntropy(model.oneToManyFed(x, idsOf(prev), T, B, null, 0, { training: true }).logits, targets, tf.ones([T * B]) as tf.Tensor1D), Object.fromEntries(model.params));
      expect(report.checked).toBeGreaterThan(0);
      expect(report.mismatches).toEqual([]);
      model.dispose();
    });
  }

  it('refuses feedback on another topology', () => {
    expect(() => new RecurrentModel({ topology: 'many-to-many', input: { kind: 'dense', features: 2 }, feedback: 3, outputSize: 3 }, 1)).toThrow(/feedback applies to a one-to-many model/);
  });
});

describe('encoder-decoder', () => {
  const CASES: [string, Partial<ModelSpecInput>][] = [
    ['last', { cell: 'lstm', layers: 2 }],
    ['transform', { cell: 'gru', layers: 2, embed: 3 }],
    ['attention', { cell: 'lstm', layers: 2, embed: 4 }],
    ['attention', { cell: 'rnn', layers: 1 }],
  ];
  for (const [context, extra] of CASES) {
    it(`decodeStep, teacher forced, gives decode's logits: context '${context}' (${extra.cell}, ${extra.layers} layer(s)${extra.embed ? ', embed' : ''})`, () => {
      const Ts = 5, Tt = 4, B = 3, V = 6;
      const model = new RecurrentModel(
        { hidden: 6, ...extra, context: context as 'last', topology: 'encoder-decoder', input: { kind: 'tokens', vocab: 7 }, outputSize: V },
        8,
      );
      const tgtRows = [[1, 2, 3, 4], [1, 5, 5, 2], [1, 0, 3, 3]];
      try {
        const { whole, steps } = tf.tidy(() => {
          const src = idsOf([[1, 2, 3, 4, 5], [6, 5, 4, 0, 0], [3, 0, 0, 0, 0]]);
          const srcMask = lengthMask([5, 3, 1], Ts);
          const d = model.encode(src, srcMask, Ts, B, infer);
          const whole = model.decode(d, idsOf(tgtRows), Tt, B, infer); // [Tt*B, V]
          let state = d;
          const rows: tf.Tensor2D[] = [];
          for (let t = 0; t < Tt; t++) {
            const r = model.decodeStep(state, tf.tensor1d(tgtRows.map((row) => row[t]), 'int32'), infer);
            rows.push(r.logits); // [B, V]
            state = r.state;
          }
          return { whole: whole.dataSync(), steps: tf.concat(rows, 0).dataSync() };
        });
        expect(whole.length).toBe(Tt * B * V);
        expect(maxAbsDiff(whole, steps)).toBeLessThan(1e-5);
      } finally {
        model.dispose();
      }
    });
  }

  it('attention ignores padded source positions: a padded source decodes like the unpadded one', () => {
    const model = new RecurrentModel(
      { cell: 'gru', hidden: 4, context: 'attention', topology: 'encoder-decoder', input: { kind: 'tokens', vocab: 7 }, outputSize: 5 },
      9,
    );
    // padded steps repeat the last real encoder state, so without the mask they would pull attention to it
    const logitsFor = (src: number[], len: number) =>
      tf.tidy(() => {
        const d = model.encode(idsOf([src]), lengthMask([len], src.length), src.length, 1, infer);
        return model.decode(d, idsOf([[1, 3]]), 2, 1, infer).dataSync();
      });
    try {
      const unpadded = logitsFor([1, 2, 5], 3);
      expect(maxAbsDiff(logitsFor([1, 2, 5, 0, 0, 0], 3), unpadded)).toBeLessThan(1e-6);
      expect(maxAbsDiff(logitsFor([1, 2, 5, 6, 6, 6], 3), unpadded)).toBeLessThan(1e-6);
    } finally {
      model.dispose();
    }
  });
});

describe('dropout', () => {
  const spec: ModelSpecInput = { cell: 'lstm', layers: 2, hidden: 8, dropout: 0.5, topology: 'many-to-many', input: { kind: 'dense', features: 3 }, outputSize: 2 };

  it('the same Rng seed gives the same masks; another seed does not; training=false is the identity', () => {
    const model = new RecurrentModel(spec, 1);
    const plain = new RecurrentModel({ ...spec, dropout: 0 }, 2);
    plain.setWeights(model.getWeights());
    const x = randn(new Rng(3), [4 * 2, 3]) as tf.Tensor2D;
    const run = (m: RecurrentModel, opts: { training: boolean; rng?: Rng }) =>
      tf.tidy(() => m.manyToMany({ kind: 'dense', x }, 4, 2, null, null, opts).logits.dataSync());
    try {
      const a = run(model, { training: true, rng: new Rng(42) });
      const b = run(model, { training: true, rng: new Rng(42) });
      const c = run(model, { training: true, rng: new Rng(43) });
      const evalOut = run(model, { training: false, rng: new Rng(42) });
      const reference = run(plain, { training: false });
      expect(a).toEqual(b);
      expect(maxAbsDiff(a, c)).toBeGreaterThan(1e-4);
      expect(maxAbsDiff(a, evalOut)).toBeGreaterThan(1e-4);
      expect(evalOut).toEqual(reference);
      const y = x;
      expect(model.dropout(y, 0.5, { training: false })).toBe(y);
    } finally {
      x.dispose();
      model.dispose();
      plain.dispose();
    }
  });

  it('is inverted dropout: kept units scaled by 1/keep, about `keep` of them kept', () => {
    const model = new RecurrentModel(spec, 1);
    try {
      const v = tf.tidy(() => model.dropout(tf.ones([100, 100]) as tf.Tensor2D, 0.3, { training: true, rng: new Rng(7) }).dataSync());
      const kept = v.filter((x) => x !== 0);
      expect(v.every((x) => x === 0 || Math.abs(x - 1 / 0.7) < 1e-6)).toBe(true);
      expect(kept.length / v.length).toBeGreaterThan(0.68);
      expect(kept.length / v.length).toBeLessThan(0.72);
      expect(() => model.dropout(tf.ones([2, 2]) as tf.Tensor2D, 0.3, { training: true })).toThrow(/opts\.rng/);
    } finally {
      model.dispose();
    }
  });
});

describe('tensor count stays flat across training steps', () => {
  /** Run `steps` training steps; return tf.memory().numTensors after each. */
  function countsOver(steps: number, step: (i: number) => void): number[] {
    const counts: number[] = [];
    for (let i = 0; i < steps; i++) {
      step(i);
      counts.push(tf.memory().numTensors);
    }
    return counts;
  }

  function sgd(model: RecurrentModel, grads: tf.NamedTensorMap, lr: number): void {
    tf.tidy(() => {
      for (const v of model.params.values()) v.assign(tf.sub(v, tf.mul(grads[v.name], lr)));
    });
  }

  it('many-to-many LM with dropout, probes and truncated-BPTT state carried between steps', () => {
    const T = 6, B = 4, V = 9;
    const model = new RecurrentModel(
      { cell: 'lstm', layers: 2, hidden: 8, embed: 4, dropout: 0.2, topology: 'many-to-many', input: { kind: 'tokens', vocab: V }, outputSize: V },
      1,
    );
    const rng = new Rng(5);
    let carried: LayerState[] | null = null;
    const losses: number[] = [];
    const counts = countsOver(5, () => {
      const ids = tf.tensor1d(Array.from({ length: T * B }, () => rng.int(V)), 'int32');
      const targets = tf.tensor1d(Array.from({ length: T * B }, () => rng.int(V)), 'int32');
      const w = tf.ones([T * B]) as tf.Tensor1D;
      const probes: RecurrenceProbe[] = [{}, {}];
      let next: LayerState[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const r = model.manyToMany({ kind: 'ids', ids }, T, B, carried, null, { training: true, rng, probes });
        next = r.states.map((s) => ({ h: tf.keep(s.h), c: s.c ? tf.keep(s.c) : null }));
        return softmaxCrossEntropy(r.logits, targets, w);
      });
      sgd(model, grads, 0.1);
      losses.push(value.dataSync()[0]);
      expect(probes[1].dhNorms).toHaveLength(T);
      // the carried state is detached data from here on: dispose the previous one explicitly
      if (carried) tf.dispose(carried.flatMap((s) => (s.c ? [s.h, s.c] : [s.h])));
      carried = next;
      tf.dispose([value, ...Object.values(grads), ids, targets, w]);
    });
    try {
      expect(counts[1]).toBe(counts[4]);
      expect(losses.every(Number.isFinite)).toBe(true);
    } finally {
      const last = carried as LayerState[] | null;
      if (last) tf.dispose(last.flatMap((s) => (s.c ? [s.h, s.c] : [s.h])));
      model.dispose();
    }
  });

  it('encoder-decoder with attention (training step, then greedy decoding)', () => {
    const Ts = 5, Tt = 4, B = 3, V = 6;
    const model = new RecurrentModel(
      { cell: 'gru', hidden: 6, context: 'attention', topology: 'encoder-decoder', input: { kind: 'tokens', vocab: V }, outputSize: V },
      1,
    );
    const rng = new Rng(6);
    const counts = countsOver(5, () => {
      const src = tf.tensor1d(Array.from({ length: Ts * B }, () => rng.int(V)), 'int32');
      const srcMask = lengthMask([5, 3, 4], Ts);
      const tgtIn = tf.tensor1d(Array.from({ length: Tt * B }, () => rng.int(V)), 'int32');
      const tgtOut = tf.tensor1d(Array.from({ length: Tt * B }, () => rng.int(V)), 'int32');
      const w = tf.ones([Tt * B]) as tf.Tensor1D;
      const { value, grads } = tf.variableGrads(() => {
        const d = model.encode(src, srcMask, Ts, B, { training: true, rng });
        return softmaxCrossEntropy(model.decode(d, tgtIn, Tt, B, { training: true, rng }), tgtOut, w);
      });
      sgd(model, grads, 0.1);
      tf.dispose([value, ...Object.values(grads)]);
      tf.tidy(() => {
        let state = model.encode(src, srcMask, Ts, B, infer);
        let ids = tf.tensor1d([1, 1, 1], 'int32');
        for (let t = 0; t < Tt; t++) {
          const r = model.decodeStep(state, ids, infer);
          ids = tf.argMax(r.logits, 1).toInt() as tf.Tensor1D;
          state = r.state;
        }
      });
      tf.dispose([src, srcMask, tgtIn, tgtOut, w]);
    });
    try {
      expect(counts[1]).toBe(counts[4]);
    } finally {
      model.dispose();
    }
  });
});
