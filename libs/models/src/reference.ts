/**
 * Checking an engine against PyTorch reference fixtures (format `rnn-reference-fixture/v1`):
 * forward outputs, gradients, and truncated-BPTT gradients, each reported as its worst absolute error.
 *
 * Fixture layout (see each file's `conventions`): batch-first x [B, T, I]; states [L, B, H];
 * PyTorch weights weight_ih_l{k} [G*H, I_k] (ours are stored transposed, [I_k, G*H]).
 */
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { RecurrentModel, TFJS_ENGINE, type Engine, type LayerState } from './model';

type Nested = number | Nested[];
const nested: z.ZodType<Nested> = z.lazy(() => z.union([z.number(), z.array(nested)]));
const tensorMap = z.record(z.string(), nested);

export const ReferenceFixtureSchema = z.object({
  format: z.literal('rnn-reference-fixture/v1'),
  cell: z.enum(['rnn', 'lstm', 'gru']),
  gru_reset_after: z.boolean().nullable().optional(),
  dims: z.object({ B: z.number().int(), T: z.number().int(), I: z.number().int(), H: z.number().int(), L: z.number().int() }),
  params: tensorMap,
  inputs: tensorMap,
  proj: tensorMap,
  outputs: z.object({ loss: z.number() }).catchall(nested),
  grads: tensorMap,
  tbptt: z.object({ x2: nested, loss2: z.number(), grads: tensorMap, full_bptt_grads: tensorMap }),
});
export type ReferenceFixture = z.infer<typeof ReferenceFixtureSchema>;

export interface TensorCheck {
  /** e.g. `grads.weight_hh_l0`, `tbptt.grads.bias_ih_l1` */
  name: string;
  maxAbsError: number;
  ok: boolean;
}

export interface FixtureReport {
  cell: string;
  layers: number;
  checks: TensorCheck[];
  worst: number;
  ok: boolean;
}

function flat(v: Nested): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

/** [B, T, K] batch-first -> [T*B, K] time-major. */
function toTimeMajor(a: number[], B: number, T: number, K: number): Float32Array {
  const out = new Float32Array(B * T * K);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) out[(t * B + b) * K + k] = a[(b * T + t) * K + k];
  return out;
}

function fromTimeMajor(a: ArrayLike<number>, B: number, T: number, K: number): Float32Array {
  const out = new Float32Array(B * T * K);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) out[(b * T + t) * K + k] = a[(t * B + b) * K + k];
  return out;
}

function transpose2d(a: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return Number.isNaN(m) ? Number.POSITIVE_INFINITY : m;
}

/**
 * Run one fixture on an engine and compare everything it holds.
 * @example const r = verifyFixture(JSON.parse(text), { tolerance: 1e-5 }); if (!r.ok) process.exit(1);
 */
export function verifyFixture(raw: unknown, opts: { tolerance?: number; engine?: Engine } = {}): FixtureReport {
  const parsed = ReferenceFixtureSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`not a reference fixture: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const fx = parsed.data;
  const tol = opts.tolerance ?? 1e-5;
  const { B, T, I, H, L } = fx.dims;
  const isLstm = fx.cell === 'lstm';
  const checks: TensorCheck[] = [];
  const check = (name: string, got: ArrayLike<number>, want: Nested) => {
    const e = maxAbs(got, flat(want));
    checks.push({ name, maxAbsError: e, ok: e <= tol });
  };

  const model = new RecurrentModel(
    {
      cell: fx.cell, layers: L, hidden: H, gruResetAfter: fx.gru_reset_after ?? true,
      topology: 'many-to-many', input: { kind: 'dense', features: I }, outputSize: 1,
    },
    0,
    opts.engine ?? TFJS_ENGINE,
  );
  const pnames = Object.keys(fx.params);
  try {
    // load weights (PyTorch [G*H, I] -> ours [I, G*H])
    model.setWeights(
      [...model.params.keys()].map((name) => {
        const v = model.p(name);
        const key = name.replace(/^rnn\./, '');
        const src = fx.params[key];
        if (src === undefined) return { name, shape: v.shape, data: new Float32Array(v.size) }; // head: unused
        const data = key.startsWith('weight') ? transpose2d(flat(src), v.shape[1] as number, v.shape[0]) : Float32Array.from(flat(src));
        return { name, shape: v.shape, data };
      }),
    );
    const stackVars = pnames.map((k) => model.p(`rnn.${k}`));
    const projY = tf.tensor2d(toTimeMajor(flat(fx.proj.y), B, T, H), [T * B, H]);
    const projH = tf.tensor3d(flat(fx.proj.h), [L, B, H]);
    const projC = isLstm ? tf.tensor3d(flat(fx.proj.c), [L, B, H]) : null;
    const h0Data = flat(fx.inputs.h0);
    const c0Data = isLstm ? flat(fx.inputs.c0) : null;
    const stateOf = (h: tf.Tensor, c: tf.Tensor | null): LayerState[] =>
      Array.from({ length: L }, (_, l) => ({
        h: tf.reshape(tf.slice(h, [l, 0, 0], [1, B, H]), [B, H]) as tf.Tensor2D,
        c: c ? (tf.reshape(tf.slice(c, [l, 0, 0], [1, B, H]), [B, H]) as tf.Tensor2D) : null,
      }));

    // forward + full gradients
    const x = tf.variable(tf.tensor2d(toTimeMajor(flat(fx.inputs.x), B, T, I), [T * B, I]));
    const h0 = tf.variable(tf.tensor3d(h0Data, [L, B, H]));
    const c0 = c0Data ? tf.variable(tf.tensor3d(c0Data, [L, B, H])) : null;
    let yOut: Float32Array = new Float32Array(0);
    let hOut: Float32Array = new Float32Array(0);
    let cOut: Float32Array | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const r = model.runStack('rnn', { kind: 'dense', x }, T, B, stateOf(h0, c0), null, { training: false });
      const hT = tf.stack(r.states.map((s) => s.h)); // [L, B, H]
      yOut = r.y.dataSync() as Float32Array;
      hOut = hT.dataSync() as Float32Array;
      let loss = tf.add(tf.sum(tf.mul(r.y, projY)), tf.sum(tf.mul(hT, projH)));
      if (projC) {
        const cT = tf.stack(r.states.map((s) => s.c as tf.Tensor2D)); // [L, B, H]
        cOut = cT.dataSync() as Float32Array;
        loss = tf.add(loss, tf.sum(tf.mul(cT, projC)));
      }
      return loss as tf.Scalar;
    }, [...stackVars, x, h0, ...(c0 ? [c0] : [])]);
    check('outputs.loss', [value.dataSync()[0]], fx.outputs.loss);
    check('outputs.y', fromTimeMajor(yOut, B, T, H), fx.outputs.y as Nested);
    check('outputs.hT', hOut, fx.outputs.hT as Nested);
    if (cOut) check('outputs.cT', cOut, fx.outputs.cT as Nested);
    const gradOf = (name: string, v: tf.Variable) => {
      const g = grads[v.name].dataSync();
      return name.startsWith('weight') ? transpose2d(g, v.shape[0], v.shape[1] as number) : g;
    };
    pnames.forEach((k, i) => check(`grads.${k}`, gradOf(k, stackVars[i]), fx.grads[k]));
    check('grads.x', fromTimeMajor(grads[x.name].dataSync(), B, T, I), fx.grads.x);
    check('grads.h0', grads[h0.name].dataSync(), fx.grads.h0);
    if (c0) check('grads.c0', grads[c0.name].dataSync(), fx.grads.c0);
    tf.dispose([value, ...Object.values(grads), x, h0, ...(c0 ? [c0] : [])]);

    // truncated BPTT: two chunks of T steps, the state between them detached
    const x2 = tf.tensor2d(toTimeMajor(flat(fx.tbptt.x2), B, 2 * T, I), [2 * T * B, I]);
    const chunk1 = tf.slice(x2, [0, 0], [T * B, I]) as tf.Tensor2D;
    const chunk2 = tf.slice(x2, [T * B, 0], [T * B, I]) as tf.Tensor2D;
    const hInit = tf.tensor3d(h0Data, [L, B, H]);
    const cInit = c0Data ? tf.tensor3d(c0Data, [L, B, H]) : null;
    const carried = tf.tidy(() => {
      const r = model.runStack('rnn', { kind: 'dense', x: chunk1 }, T, B, stateOf(hInit, cInit), null, { training: false });
      return r.states.flatMap((s) => (s.c ? [s.h, s.c] : [s.h]));
    });
    const carriedStates: LayerState[] = Array.from({ length: L }, (_, l) =>
      isLstm ? { h: carried[2 * l], c: carried[2 * l + 1] } : { h: carried[l], c: null },
    );
    const trunc = tf.variableGrads(() => {
      const r = model.runStack('rnn', { kind: 'dense', x: chunk2 }, T, B, carriedStates, null, { training: false });
      return tf.sum(tf.mul(r.y, projY)) as tf.Scalar;
    }, stackVars);
    check('tbptt.loss2', [trunc.value.dataSync()[0]], fx.tbptt.loss2);
    pnames.forEach((k, i) => check(`tbptt.grads.${k}`, gradOf2(trunc.grads, k, stackVars[i]), fx.tbptt.grads[k]));
    const full = tf.variableGrads(() => {
      const r1 = model.runStack('rnn', { kind: 'dense', x: chunk1 }, T, B, stateOf(hInit, cInit), null, { training: false });
      const r2 = model.runStack('rnn', { kind: 'dense', x: chunk2 }, T, B, r1.states, null, { training: false });
      return tf.sum(tf.mul(r2.y, projY)) as tf.Scalar;
    }, stackVars);
    pnames.forEach((k, i) => check(`tbptt.full_bptt_grads.${k}`, gradOf2(full.grads, k, stackVars[i]), fx.tbptt.full_bptt_grads[k]));
    tf.dispose([trunc.value, full.value, ...Object.values(trunc.grads), ...Object.values(full.grads)]);
    tf.dispose([x2, chunk1, chunk2, hInit, ...(cInit ? [cInit] : []), ...carried, projY, projH, ...(projC ? [projC] : [])]);
  } finally {
    model.dispose();
  }
  const worst = Math.max(...checks.map((c) => c.maxAbsError));
  return { cell: fx.cell + (fx.cell === 'gru' ? (fx.gru_reset_after === false ? ' (reset-before)' : ' (reset-after)') : ''), layers: L, checks, worst, ok: checks.every((c) => c.ok) };

  function gradOf2(g: tf.NamedTensorMap, name: string, v: tf.Variable): ArrayLike<number> {
    const d = g[v.name].dataSync();
    return name.startsWith('weight') ? transpose2d(d, v.shape[0], v.shape[1] as number) : d;
  }
}
