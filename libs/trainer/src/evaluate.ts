/**
 * Evaluation on a split: exact metrics over up to `maxBatches` batches, no dropout, no gradients.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Metrics } from '@rnnlab/contracts';
import { Rng } from '@rnnlab/random';
import type { Batch, PreparedDataset, Split } from '@rnnlab/datasets';
import { rowNll, type LayerState, type RecurrentModel } from '@rnnlab/models';
import { BOS_ID, EOS_ID } from '@rnnlab/tokenization';
import { MetricAccumulator } from './metrics';
import { generate } from './generate';
import { categoryInput, disposeStates, keepStates, scoped } from './objectives';
import { timeMajor } from './time-major';

const EVAL = { training: false } as const;

export interface EvalOptions {
  batch: number;
  window: number;
  maxBatches: number;
  seed: number;
}

/** Metrics of `model` on a split of `ds`. */
export function evaluate(model: RecurrentModel, ds: PreparedDataset, split: Split, o: EvalOptions): Metrics {
  const charLevel = ds.inputTokenizer?.kind === 'char';
  const acc = new MetricAccumulator(ds.kind, charLevel);
  const it = ds.batches(split, { batch: o.batch, window: o.window, seed: o.seed });
  let states: LayerState[] | null = null;
  for (let i = 0; i < o.maxBatches; i++) {
    const batch = it.next();
    if (!batch) break;
    const next: LayerState[] | null = evalBatch(model, batch, acc, batch.kind === 'lm' && batch.continues ? states : null);
    disposeStates(states);
    states = next;
  }
  disposeStates(states);
  // a whole held-out split of a generator: also what its samples are
  if (ds.kind === 'generation' && split !== 'train' && !Number.isFinite(o.maxBatches)) return { ...acc.result(), ...generationSampleMetrics(model, ds, o.seed) };
  return acc.result();
}

/** Add one batch to the accumulator; returns the carried state for language-model streams. */
export function evalBatch(model: RecurrentModel, batch: Batch, acc: MetricAccumulator, states: LayerState[] | null): LayerState[] | null {
  return scoped(() => {
    switch (batch.kind) {
      case 'regression': {
        const { B, T, I, O } = batch.shape;
        const out = model.manyToOne({ kind: 'dense', x: tf.tensor2d(timeMajor(batch.x, B, T, I), [T * B, I]) }, T, B, null, EVAL);
        const se = tf.sum(tf.squaredDifference(out, tf.tensor2d(batch.y, [B, O]))).dataSync()[0];
        acc.add('mse', se, B * O);
        return null;
      }
      case 'classification': {
        const { B, T } = batch.shape;
        const ids = tf.tensor1d(timeMajor(batch.tokens, B, T), 'int32');
        const mask = tf.tensor2d(timeMajor(batch.mask, B, T), [T * B, 1]);
        const logits = model.manyToOne({ kind: 'ids', ids }, T, B, mask, EVAL); // [B, C]
        const labels = tf.tensor1d(batch.labels, 'int32');
        acc.add('loss', tf.sum(rowNll(logits, labels)).dataSync()[0], B);
        acc.add('accuracy', tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')).dataSync()[0], B);
        return null;
      }
      case 'lm':
      case 'tagging': {
        const { B, T } = batch.shape;
        const ids = tf.tensor1d(timeMajor(batch.tokens, B, T), 'int32');
        const targets = tf.tensor1d(timeMajor(batch.targets, B, T), 'int32');
        const mask = tf.tensor1d(timeMajor(batch.mask, B, T));
        const r = model.manyToMany({ kind: 'ids', ids }, T, B, states, null, EVAL);
        const n = tf.sum(mask).dataSync()[0];
        acc.add('loss', tf.sum(tf.mul(rowNll(r.logits, targets), mask)).dataSync()[0], n);
        const hits = tf.mul(tf.cast(tf.equal(tf.argMax(r.logits, 1), targets), 'float32'), mask);
        acc.add('accuracy', tf.sum(hits).dataSync()[0], n);
        if (batch.recallMask) {
          const recall = tf.tensor1d(timeMajor(batch.recallMask, B, T)); // [T*B]
          acc.add('recall_accuracy', tf.sum(tf.mul(hits, recall)).dataSync()[0], tf.sum(recall).dataSync()[0]);
        }
        return batch.kind === 'lm' ? keepStates(r.states) : null;
      }
      case 'seq2seq': {
        const { B, Ts, Tt } = batch.shape;
        const src = tf.tensor1d(timeMajor(batch.src, B, Ts), 'int32');
        const srcMask = tf.tensor2d(timeMajor(batch.srcMask, B, Ts), [Ts * B, 1]);
        const tgtOut = tf.tensor1d(timeMajor(batch.tgtOut, B, Tt), 'int32');
        const tgtMask = tf.tensor1d(timeMajor(batch.tgtMask, B, Tt));
        const d = model.encode(src, srcMask, Ts, B, EVAL);
        const logits = model.decode(d, tf.tensor1d(timeMajor(batch.tgtIn, B, Tt), 'int32'), Tt, B, EVAL);
        const n = tf.sum(tgtMask).dataSync()[0];
        acc.add('loss', tf.sum(tf.mul(rowNll(logits, tgtOut), tgtMask)).dataSync()[0], n);
        const hits = tf.mul(tf.cast(tf.equal(tf.argMax(logits, 1), tgtOut), 'float32'), tgtMask);
        acc.add('token_accuracy', tf.sum(hits).dataSync()[0], n);
        // sequence accuracy under greedy decoding: exact match up to and including <eos>
        const out = greedyDecode(model, d, B, Tt + 2);
        let exact = 0;
        for (let b = 0; b < B; b++) {
          const want: number[] = [];
          for (let t = 0; t < Tt && batch.tgtMask[b * Tt + t] > 0; t++) want.push(batch.tgtOut[b * Tt + t]);
          const got = out[b];
          if (got.length === want.length && got.every((v, i) => v === want[i])) exact++;
        }
        acc.add('sequence_accuracy', exact, B);
        return null;
      }
      case 'generation': {
        const { B, T } = batch.shape;
        const targets = tf.tensor1d(timeMajor(batch.targets, B, T), 'int32');
        const mask = tf.tensor1d(timeMajor(batch.mask, B, T));
        const r = model.oneToManyFed(categoryInput(batch), tf.tensor1d(timeMajor(batch.tokens, B, T), 'int32'), T, B, null, 0, EVAL); // logits [T*B, V]
        const n = tf.sum(mask).dataSync()[0];
        acc.add('loss', tf.sum(tf.mul(rowNll(r.logits, targets), mask)).dataSync()[0], n);
        acc.add('accuracy', tf.sum(tf.mul(tf.cast(tf.equal(tf.argMax(r.logits, 1), targets), 'float32'), mask)).dataSync()[0], n);
        return null;
      }
    }
  });
}

/** samples per category scored by generationSampleMetrics */
export const GENERATION_SAMPLES = 200;

/**
 * What a generator's samples are (temperature 1, GENERATION_SAMPLES per category, seeded): the
 * fraction that are real names of their category not in the training split (`novel_real`), and
 * the fraction copied from the training split (`memorized`).
 */
export function generationSampleMetrics(model: RecurrentModel, ds: PreparedDataset, seed: number): Metrics {
  const cats = ds.categories;
  const seqs = ds.sequencesByCategory;
  const tok = ds.inputTokenizer;
  if (!cats || !seqs || !tok) return {};
  const rng = new Rng(seed).fork('generation-samples');
  let novel = 0;
  let memorized = 0;
  let total = 0;
  cats.forEach((_, c) => {
    const train = new Set(seqs.train[c]);
    const held = new Set([...seqs.val[c], ...seqs.test[c]]);
    for (const s of generate(model, tok, { category: c, categories: cats.length, n: GENERATION_SAMPLES, maxLen: 32, temperature: 1, topK: 0, rng })) {
      if (train.has(s)) memorized++;
      else if (held.has(s)) novel++;
      total++;
    }
  });
  return { novel_real: novel / total, memorized: memorized / total };
}

/** Greedy decoding of a batch from its encoded state: token ids per sequence, up to and including <eos>. */
export function greedyDecode(model: RecurrentModel, start: ReturnType<RecurrentModel['encode']>, B: number, maxLen: number): number[][] {
  const out: number[][] = Array.from({ length: B }, () => []);
  const done = new Array<boolean>(B).fill(false);
  let d = start;
  let feed = new Int32Array(B).fill(BOS_ID);
  for (let t = 0; t < maxLen && done.some((x) => !x); t++) {
    const step = model.decodeStep(d, tf.tensor1d(feed, 'int32'), EVAL);
    d = step.state;
    const next = tf.argMax(step.logits, 1).dataSync() as Int32Array;
    for (let b = 0; b < B; b++) {
      if (done[b]) continue;
      out[b].push(next[b]);
      if (next[b] === EOS_ID) done[b] = true;
    }
    feed = Int32Array.from(next);
  }
  return out;
}
