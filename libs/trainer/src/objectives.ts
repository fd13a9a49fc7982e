/**
 * From a batch to a loss and its gradients, per task kind, including truncated BPTT.
 *
 * Truncated BPTT (window k): the sequence is cut into chunks of k steps; the state after each chunk
 * is carried into the next, detached (it enters the next chunk as a constant, so no gradient flows
 * back across the boundary). Aligned tasks accumulate every chunk's gradient; many-to-one tasks
 * have a loss only at the end, so only the last chunk receives gradient. Language models get their
 * windows from the data pipeline (contiguous streams) and carry state across optimizer steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch, ClassificationBatch, GenerationBatch, RegressionBatch, Seq2SeqBatch, SequenceBatch } from '@rnnlab/datasets';
import {
  meanSquaredError,
  softmaxCrossEntropy,
  type LayerState,
  type RecurrenceProbe,
  type RecurrentModel,
  type RunOptions,
  type StackInput,
} from '@rnnlab/models';
import type { Rng } from '@rnnlab/random';
import { chunks, timeMajor } from './time-major';

export interface GradContext {
  training: boolean;
  /** dropout masks and scheduled-sampling coin flips */
  rng: Rng | null;
  /** language models: state carried from the previous window (used when batch.continues) */
  states: LayerState[] | null;
  /** truncated-BPTT window for non-LM tasks (0 = full BPTT) */
  tbptt: number;
  /** seq2seq: probability of feeding the true previous token */
  teacherForcing: number;
  /** diagnostics: one probe per layer (filled during this pass) */
  probes?: RecurrenceProbe[] | null;
}

export interface GradResult {
  loss: number;
  /** param name -> gradient; the caller owns (disposes) them */
  grads: Map<string, tf.Tensor>;
  /** final states to carry (kept; the caller disposes), or null */
  states: LayerState[] | null;
  /** time steps x sequences processed */
  tokens: number;
}

/** Variable-name -> parameter-name, to read tf.variableGrads results back by parameter. */
function paramNames(model: RecurrentModel): Map<string, string> {
  return new Map([...model.params].map(([name, v]) => [v.name, name]));
}

/** Gradients of f w.r.t. every model parameter, accumulated (scaled) into `acc`. */
function accumulate(
  model: RecurrentModel,
  acc: Map<string, tf.Tensor>,
  f: () => tf.Scalar,
  scale: number,
): number {
  const names = paramNames(model);
  const { value, grads } = tf.variableGrads(f, [...model.params.values()]);
  for (const [varName, g] of Object.entries(grads)) {
    const name = names.get(varName) as string;
    const prev = acc.get(name);
    const scaled = scale === 1 ? g : tf.mul(g, scale);
    if (scaled !== g) g.dispose();
    if (prev) {
      acc.set(name, tf.add(prev, scaled));
      prev.dispose();
      scaled.dispose();
    } else acc.set(name, scaled);
  }
  const loss = value.dataSync()[0];
  value.dispose();
  return loss;
}

/** tf.tidy for any return type: tensors inside the result must be tf.keep'd by the callback. */
export function scoped<T>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}

export function keepStates(states: LayerState[]): LayerState[] {
  return states.map((s) => ({ h: tf.keep(s.h), c: s.c ? tf.keep(s.c) : null }));
}

export function disposeStates(states: LayerState[] | null): void {
  if (states) for (const s of states) tf.dispose(s.c ? [s.h, s.c] : [s.h]);
}

function opts(ctx: GradContext, last: boolean): RunOptions {
  return { training: ctx.training, rng: ctx.rng, probes: last ? ctx.probes : null };
}

function ids(a: Int32Array): tf.Tensor1D {
  return tf.tensor1d(a, 'int32');
}

/** Loss and gradients of one batch. */
export function batchGradients(model: RecurrentModel, batch: Batch, ctx: GradContext): GradResult {
  switch (batch.kind) {
    case 'regression':
    case 'classification':
      return manyToOneGrads(model, batch, ctx);
    case 'lm':
    case 'tagging':
      return alignedGrads(model, batch, ctx);
    case 'seq2seq':
      return seq2seqGrads(model, batch, ctx);
    case 'generation':
      return generationGrads(model, batch, ctx);
  }
}

/** The one input of each sequence of a generation batch: its category, one-hot. [B, C] */
export function categoryInput(batch: GenerationBatch): tf.Tensor2D {
  return tf.cast(tf.oneHot(ids(batch.categories), batch.shape.C), 'float32') as tf.Tensor2D;
}

/** one-to-many generation: the category in, the previous character fed back, every step scored (full BPTT; names are short) */
function generationGrads(model: RecurrentModel, batch: GenerationBatch, ctx: GradContext): GradResult {
  const { B, T } = batch.shape;
  const grads = new Map<string, tf.Tensor>();
  const loss = accumulate(model, grads, () => {
    const r = model.oneToManyFed(categoryInput(batch), ids(timeMajor(batch.tokens, B, T)), T, B, null, 0, opts(ctx, true)); // logits [T*B, V]
    return softmaxCrossEntropy(r.logits, ids(timeMajor(batch.targets, B, T)), tf.tensor1d(timeMajor(batch.mask, B, T)));
  }, 1);
  return { loss, grads, states: null, tokens: B * T };
}

function manyToOneGrads(model: RecurrentModel, batch: RegressionBatch | ClassificationBatch, ctx: GradContext): GradResult {
  const { B, T } = batch.shape;
  const parts = chunks(T, ctx.tbptt);
  const input = (t0: number, t1: number): StackInput =>
    batch.kind === 'regression'
      ? { kind: 'dense', x: tf.tensor2d(timeMajor(batch.x, B, T, batch.shape.I, t0, t1), [(t1 - t0) * B, batch.shape.I]) }
      : { kind: 'ids', ids: ids(timeMajor(batch.tokens, B, T, 1, t0, t1)) };
  const mask = (t0: number, t1: number): tf.Tensor2D | null =>
    batch.kind === 'classification' ? tf.tensor2d(timeMajor(batch.mask, B, T, 1, t0, t1), [(t1 - t0) * B, 1]) : null;
  let states: LayerState[] | null = null;
  // forward-only through all but the last chunk: they get no gradient from a loss at the end
  for (const [t0, t1] of parts.slice(0, -1)) {
    const next = scoped(() => keepStates(model.runStack('rnn', input(t0, t1), t1 - t0, B, states, mask(t0, t1), opts(ctx, false)).states));
    disposeStates(states);
    states = next;
  }
  const [t0, t1] = parts[parts.length - 1];
  const grads = new Map<string, tf.Tensor>();
  const loss = accumulate(model, grads, () => {
    const r = model.runStack('rnn', input(t0, t1), t1 - t0, B, states, mask(t0, t1), opts(ctx, true));
    const out = model.head(r.states[r.states.length - 1].h, opts(ctx, true)); // [B, O]
    if (batch.kind === 'regression') return meanSquaredError(out, tf.tensor2d(batch.y, [B, batch.shape.O]));
    return softmaxCrossEntropy(out, ids(batch.labels), tf.ones([B]) as tf.Tensor1D);
  }, 1);
  disposeStates(states);
  return { loss, grads, states: null, tokens: B * T };
}

function alignedGrads(model: RecurrentModel, batch: SequenceBatch, ctx: GradContext): GradResult {
  const { B, T } = batch.shape;
  const isLm = batch.kind === 'lm';
  // language models: the window is the TBPTT chunk; tagging: chunk inside the batch
  const parts = isLm ? chunks(T, 0) : chunks(T, ctx.tbptt);
  const tokens = timeMajor(batch.tokens, B, T);
  const targets = timeMajor(batch.targets, B, T);
  const mask = timeMajor(batch.mask, B, T);
  let total = 0;
  for (let i = 0; i < mask.length; i++) total += mask[i];
  let states: LayerState[] | null = isLm && batch.continues ? ctx.states : null;
  const grads = new Map<string, tf.Tensor>();
  let loss = 0;
  for (const [t0, t1] of parts) {
    const rows: [number, number] = [t0 * B, t1 * B];
    let w = 0;
    for (let i = rows[0]; i < rows[1]; i++) w += mask[i];
    if (w === 0 && parts.length > 1) {
      // nothing to learn in this chunk: just carry the state forward
      const next = scoped(() =>
        keepStates(model.runStack('rnn', { kind: 'ids', ids: ids(tokens.subarray(...rows)) }, t1 - t0, B, states, null, opts(ctx, false)).states),
      );
      if (states !== ctx.states) disposeStates(states);
      states = next;
      continue;
    }
    let next: LayerState[] = [];
    const last = t1 === T;
    loss +=
      accumulate(model, grads, () => {
        const r = model.manyToMany({ kind: 'ids', ids: ids(tokens.subarray(...rows)) }, t1 - t0, B, states, null, opts(ctx, last));
        next = keepStates(r.states);
        return softmaxCrossEntropy(r.logits, ids(targets.subarray(...rows)), tf.tensor1d(mask.subarray(...rows)));
      }, total > 0 ? w / total : 1) * (total > 0 ? w / total : 1);
    if (states !== ctx.states) disposeStates(states);
    states = next;
  }
  return { loss, grads, states, tokens: B * T };
}

function seq2seqGrads(model: RecurrentModel, batch: Seq2SeqBatch, ctx: GradContext): GradResult {
  const { B, Ts, Tt } = batch.shape;
  const src = ids(timeMajor(batch.src, B, Ts));
  const srcMask = tf.tensor2d(timeMajor(batch.srcMask, B, Ts), [Ts * B, 1]);
  const tgtIn = timeMajor(batch.tgtIn, B, Tt);
  const tgtOut = ids(timeMajor(batch.tgtOut, B, Tt));
  const tgtMask = tf.tensor1d(timeMajor(batch.tgtMask, B, Tt));
  const grads = new Map<string, tf.Tensor>();
  const loss = accumulate(model, grads, () => {
    const o = opts(ctx, true);
    const d = model.encode(src, srcMask, Ts, B, o);
    let logits: tf.Tensor2D;
    const od = { ...o, probes: null }; // diagnostics describe the encoder
    if (!ctx.training || ctx.teacherForcing >= 1) logits = model.decode(d, ids(tgtIn), Tt, B, od);
    else logits = scheduledSampling(model, d, tgtIn, Tt, B, ctx, od);
    return softmaxCrossEntropy(logits, tgtOut, tgtMask);
  }, 1);
  tf.dispose([src, srcMask, tgtOut, tgtMask]);
  return { loss, grads, states: null, tokens: B * (Ts + Tt) };
}

/** Scheduled sampling (Bengio et al. 2015): each step feeds the true token with probability p, else the model's argmax. */
function scheduledSampling(
  model: RecurrentModel,
  start: ReturnType<RecurrentModel['encode']>,
  tgtIn: Int32Array,
  Tt: number,
  B: number,
  ctx: GradContext,
  o: RunOptions,
): tf.Tensor2D {
  const out: tf.Tensor2D[] = [];
  let d = start;
  let prev: Int32Array | null = null;
  for (let t = 0; t < Tt; t++) {
    const feed = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      const teacher = prev === null || (ctx.rng ? ctx.rng.next() : 0) < ctx.teacherForcing;
      feed[b] = teacher ? tgtIn[t * B + b] : (prev as Int32Array)[b];
    }
    const step = model.decodeStep(d, ids(feed), o);
    d = step.state;
    out.push(step.logits);
    prev = tf.argMax(step.logits, 1).dataSync() as Int32Array;
  }
  return tf.concat(out, 0) as tf.Tensor2D; // [Tt*B, V]
}
