/**
 * The whole-sequence kernels' hand-written BPTT against central finite differences, with and
 * without a padding mask, and the masking contract: padded steps carry the state through.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@rnnlab/random';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { gatesOf, tfjsRecurrence, type CellSpec } from './recurrence';
import { analyticGrads, checkGradients, lengthMask, maxAbsDiff, randn, scoped } from './testing/finite-difference';

const CELLS: [string, CellSpec][] = [
  ['rnn tanh', { cell: 'rnn', nonlinearity: 'tanh', gruResetAfter: true }],
  ['rnn relu', { cell: 'rnn', nonlinearity: 'relu', gruResetAfter: true }],
  ['gru reset-after', { cell: 'gru', nonlinearity: 'tanh', gruResetAfter: true }],
  ['gru reset-before', { cell: 'gru', nonlinearity: 'tanh', gruResetAfter: false }],
  ['lstm', { cell: 'lstm', nonlinearity: 'tanh', gruResetAfter: true }],
];

const T = 4;
const B = 3;
const H = 3;
/** a full sequence, one padded after 2 steps, one empty (all padding: the state stays h0) */
const LENGTHS = [4, 2, 0];

interface Setup {
  vars: Record<string, tf.Variable>;
  /** the loss Σ y⊙P + Σ h_T⊙Q (+ Σ c_T⊙R): random projections so every output carries gradient */
  loss: () => tf.Scalar;
  run: () => ReturnType<typeof tfjsRecurrence>;
  dispose: () => void;
}

function setup(spec: CellSpec, mask: tf.Tensor2D | null, seed: number): Setup {
  const rng = new Rng(seed);
  const GH = gatesOf(spec.cell) * H;
  const lstm = spec.cell === 'lstm';
  const v = (t: tf.Tensor) => tf.variable(t);
  const vars: Record<string, tf.Variable> = {
    xp: v(randn(rng, [T * B, GH], 0.8)),
    h0: v(randn(rng, [B, H], 0.5)),
    whh: v(randn(rng, [H, GH], 0.6)),
    bhh: v(randn(rng, [GH], 0.3)),
  };
  if (lstm) vars.c0 = v(randn(rng, [B, H], 0.5));
  const P = randn(rng, [T * B, H]);
  const Q = randn(rng, [B, H]);
  const R = randn(rng, [B, H]);
  const run = () =>
    tfjsRecurrence(spec, {
      T, B, H,
      xp: vars.xp as tf.Tensor as tf.Tensor2D,
      h0: vars.h0 as tf.Tensor as tf.Tensor2D,
      c0: lstm ? (vars.c0 as tf.Tensor as tf.Tensor2D) : null,
      whh: vars.whh as tf.Tensor as tf.Tensor2D,
      bhh: vars.bhh as tf.Tensor as tf.Tensor1D,
      mask,
    });
  const loss = () => {
    const r = run();
    let l = tf.add(tf.sum(tf.mul(r.y, P)), tf.sum(tf.mul(r.h, Q)));
    if (r.c) l = tf.add(l, tf.sum(tf.mul(r.c, R)));
    return l as tf.Scalar;
  };
  return { vars, loss, run, dispose: () => tf.dispose([...Object.values(vars), P, Q, R]) };
}

describe('tfjsRecurrence: BPTT vs central finite differences', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });
  let cleanup: (() => void)[] = [];
  afterEach(() => {
    cleanup.forEach((f) => f());
    cleanup = [];
  });

  for (const [label, spec] of CELLS) {
    for (const masked of [false, true]) {
      it(`${label}${masked ? ', masked (lengths 4, 2, 0)' : ''}: dL/d{xp, h0, c0, W_hh, b_hh}`, () => {
        const mask = masked ? lengthMask(LENGTHS, T) : null;
        const s = setup(spec, mask, masked ? 11 : 7);
        cleanup.push(s.dispose, () => mask?.dispose());
        // relu is piecewise linear: a smaller step keeps pre-activations from crossing the kink
        const eps = spec.nonlinearity === 'relu' && spec.cell === 'rnn' ? 1e-3 : 5e-3;
        // every entry of h0, c0, W_hh, b_hh; a sample of xp's T*B*G*H (always including its largest)
        const r = checkGradients(s.loss, s.vars, { eps, maxEntries: 36 });
        expect(r.mismatches).toEqual([]);
        for (const [name, m] of Object.entries(r.maxAbsGrad)) expect(m, `max |dL/d${name}|`).toBeGreaterThan(1e-2);
        expect(r.checked).toBe(Object.values(s.vars).reduce((n, v) => n + Math.min(v.size, 36), 0));
      });
    }
  }
});

describe('tfjsRecurrence: masked steps carry the state', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  for (const [label, spec] of CELLS) {
    it(`${label}: y repeats the last real state, h_T/c_T equal an unpadded run, padded xp gets no gradient`, () => {
      const mask = lengthMask(LENGTHS, T);
      const s = setup(spec, mask, 3);
      const GH = gatesOf(spec.cell) * H;
      try {
        const { y, h, c } = scoped(() => {
          const r = s.run();
          return { y: r.y.arraySync() as number[][], h: r.h.arraySync() as number[][], c: r.c ? (r.c.arraySync() as number[][]) : null };
        });
        const h0 = s.vars.h0.arraySync() as number[][];
        const c0 = s.vars.c0 ? (s.vars.c0.arraySync() as number[][]) : null;
        const xp = s.vars.xp.arraySync() as number[][];
        for (let b = 0; b < B; b++) {
          const len = LENGTHS[b];
          const last = len === 0 ? h0[b] : y[(len - 1) * B + b];
          for (let t = len; t < T; t++) expect(y[t * B + b], `y at padded step t=${t}, b=${b}`).toEqual(last);
          expect(h[b], `h_T of b=${b}`).toEqual(last);
          // the same sequence alone, cut to its real length, without a mask
          if (len === 0) {
            if (c && c0) expect(c[b]).toEqual(c0[b]);
            continue;
          }
          const alone = scoped(() => {
            const rows = Array.from({ length: len }, (_, t) => xp[t * B + b]);
            const r = tfjsRecurrence(spec, {
              T: len, B: 1, H,
              xp: tf.tensor2d(rows, [len, GH]),
              h0: tf.tensor2d([h0[b]], [1, H]),
              c0: c0 ? tf.tensor2d([c0[b]], [1, H]) : null,
              whh: s.vars.whh as tf.Tensor as tf.Tensor2D,
              bhh: s.vars.bhh as tf.Tensor as tf.Tensor1D,
              mask: null,
            });
            return { h: Array.from(r.h.dataSync()), c: r.c ? Array.from(r.c.dataSync()) : null };
          });
          expect(maxAbsDiff(h[b], alone.h), `h_T of b=${b} vs unpadded`).toBeLessThan(1e-6);
          if (c && alone.c) expect(maxAbsDiff(c[b], alone.c), `c_T of b=${b} vs unpadded`).toBeLessThan(1e-6);
        }
        // padded inputs must not influence anything: exactly zero gradient on their rows
        const g = analyticGrads(s.loss, { xp: s.vars.xp }).xp;
        for (let b = 0; b < B; b++) {
          for (let t = 0; t < T; t++) {
            const row = Array.from(g.subarray((t * B + b) * GH, (t * B + b + 1) * GH));
            if (t >= LENGTHS[b]) expect(row.every((x) => x === 0), `dL/dxp at padded t=${t}, b=${b}`).toBe(true);
            else expect(row.some((x) => x !== 0), `dL/dxp at real t=${t}, b=${b}`).toBe(true);
          }
        }
      } finally {
        s.dispose();
        mask.dispose();
      }
    });
  }
});
