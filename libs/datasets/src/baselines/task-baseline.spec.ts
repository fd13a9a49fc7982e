// Known answers on the built-in tasks (default configs, seed 1), each against an independent computation.
import { TaskConfigSchema, type TaskConfig } from '@rnnlab/contracts';
import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../prepare-dataset';
import { COPY_MEMORIZE, COPY_SYMBOLS, copyBaselineNats, copyLength } from '../synthetic/copy-memory';
import type { ClassificationBatch, PreparedDataset, Seq2SeqBatch, Split } from '../types';
import { bigramBitsPerToken } from './bigram';
import { taskBaseline } from './task-baseline';

const task = (t: Partial<TaskConfig> & Pick<TaskConfig, 'name'>): TaskConfig => TaskConfigSchema.parse(t);
const OPTS = { batch: 64, window: 0, seed: 1 };

/** The whole split as one batch (a path independent of the baseline's batching). */
const whole = <B>(ds: PreparedDataset, split: Split): B => ds.batches(split, { batch: ds.sizes[split], seed: 1 }).next() as B;

/** Frequencies of the masked target tokens of a seq2seq split. */
function targetFrequencies(ds: PreparedDataset, split: Split): Map<number, number> {
  const b = whole<Seq2SeqBatch>(ds, split);
  const f = new Map<number, number>();
  let n = 0;
  b.tgtOut.forEach((y, i) => {
    if (b.tgtMask[i] === 0) return;
    f.set(y, (f.get(y) ?? 0) + 1);
    n += 1;
  });
  for (const [y, c] of f) f.set(y, c / n);
  return f;
}

describe('taskBaseline: adding (regression)', () => {
  it('scores Var(y) = 1/6 within sampling error', async () => {
    const ds = await prepareDataset(task({ name: 'adding' }), 1);
    const m = taskBaseline(ds, OPTS);
    // y = u1 + u2, u ~ U(0, 1): y - 1 = x1 + x2 with x ~ U(-1/2, 1/2), E x^2 = 1/12, E x^4 = 1/80, so
    // Var(y) = 1/6 and E (y - 1)^4 = 2/80 + 6/144 = 1/15: the squared error has variance 1/15 - 1/36
    const se = Math.sqrt((1 / 15 - 1 / 36) / ds.sizes.val);
    expect(Object.keys(m)).toEqual(['mean_predictor_mse']);
    expect(Math.abs(m.mean_predictor_mse - 1 / 6)).toBeLessThan(4 * se);
  });

  it('is empty when there is no validation split', async () => {
    const ds = await prepareDataset(task({ name: 'adding', valFraction: 0 }), 1);
    expect(ds.sizes.val).toBe(0);
    expect(taskBaseline(ds, OPTS)).toEqual({});
  });
});

describe('taskBaseline: copy (tagging)', () => {
  it.each([20, 3])('scores copyBaselineNats(lag) at lag %i (the mask covers every step)', async (lag) => {
    const ds = await prepareDataset(task({ name: 'copy', lag }), 1);
    const m = taskBaseline(ds, OPTS);
    const T = copyLength(lag);
    // add-one smoothing over 20 000 training rows costs < 1e-3 nats per step; sampling noise less
    expect(Math.abs(m.memoryless_loss - copyBaselineNats(lag))).toBeLessThan(1e-3);
    // blanks right, then one symbol in 8
    const acc = (T - COPY_MEMORIZE + COPY_MEMORIZE / COPY_SYMBOLS) / T;
    expect(Math.abs(m.memoryless_accuracy - acc)).toBeLessThan(3e-3);
  });
});

describe('taskBaseline: spam (classification)', () => {
  it('scores the fraction of the majority class in val and the cross-entropy of the train prior', async () => {
    const ds = await prepareDataset(task({ name: 'spam' }), 1);
    const count = (labels: Int32Array, c: number) => labels.reduce((a, y) => a + (y === c ? 1 : 0), 0);
    const train = whole<ClassificationBatch>(ds, 'train').labels;
    const val = whole<ClassificationBatch>(ds, 'val').labels;
    const majority = count(train, 1) > count(train, 0) ? 1 : 0;
    const p = [0, 1].map((c) => (count(train, c) + 1) / (train.length + 2));
    const loss = -[0, 1].reduce((a, c) => a + count(val, c) * Math.log(p[c]), 0) / val.length;
    const m = taskBaseline(ds, OPTS);
    expect(majority).toBe(0); // SpamAssassin is mostly ham
    expect(m.majority_accuracy).toBe(count(val, majority) / val.length);
    expect(m.prior_loss).toBeCloseTo(loss, 10);
    // the whole train set is fitted whatever the batch size
    expect(taskBaseline(ds, { ...OPTS, batch: 7 })).toEqual(m);
  });
});

describe('taskBaseline: seq2seq', () => {
  it.each(['reverse', 'addition', 'cmudict'] as const)(
    '%s: unigram loss just above the entropy of the val targets, accuracy of the top token',
    async (name) => {
      const ds = await prepareDataset(task({ name }), 1);
      const m = taskBaseline(ds, OPTS);
      const f = [...targetFrequencies(ds, 'val').values()];
      const entropy = -f.reduce((a, q) => a + q * Math.log(q), 0);
      // cross-entropy >= entropy (Gibbs); train and val are samples of one distribution, so not much more
      expect(m.unigram_loss).toBeGreaterThanOrEqual(entropy);
      expect(m.unigram_loss - entropy).toBeLessThan(0.02);
      expect(m.unigram_token_accuracy).toBeLessThanOrEqual(Math.max(...f));
      expect(m.unigram_token_accuracy).toBeGreaterThan(Math.max(...f) - 0.01);
    },
  );

  it('reverse: fits the counts of the whole train set, <eos> included', async () => {
    const ds = await prepareDataset(task({ name: 'reverse' }), 1);
    const train = targetFrequencies(ds, 'train');
    const val = targetFrequencies(ds, 'val');
    const b = whole<Seq2SeqBatch>(ds, 'train');
    const n = b.tgtMask.reduce((a, w) => a + w, 0);
    const V = ds.outputSize;
    let loss = 0;
    for (const [y, q] of val) loss -= q * Math.log(((train.get(y) ?? 0) * n + 1) / (n + V));
    expect(taskBaseline(ds, OPTS).unigram_loss).toBeCloseTo(loss, 9);
    expect(taskBaseline(ds, { ...OPTS, batch: 13 }).unigram_loss).toBeCloseTo(loss, 9);
  });
});

describe('taskBaseline: names (lm)', () => {
  it('keeps the add-one bigram numbers, bpc for the char tokenizer', async () => {
    const ds = await prepareDataset(task({ name: 'names' }), 1);
    const streams = ds.tokenStreams as Record<Split, Int32Array>;
    const bits = bigramBitsPerToken(streams.train, streams.val, ds.outputSize);
    expect(taskBaseline(ds, OPTS)).toEqual({ bigram_bits_per_token: bits, bigram_bpc: bits });
  });

  it('reports no bpc for a word tokenizer', async () => {
    const ds = await prepareDataset(task({ name: 'names', tokenizer: 'word' }), 1);
    expect(Object.keys(taskBaseline(ds, OPTS))).toEqual(['bigram_bits_per_token']);
  });
});

describe('taskBaseline: options', () => {
  it('names the bad option and its value', async () => {
    const ds = await prepareDataset(task({ name: 'adding', size: 100 }), 1);
    expect(() => taskBaseline(ds, { ...OPTS, batch: 0 })).toThrow(
      'expected opts.batch to be a positive integer in taskBaseline(), got 0',
    );
    expect(() => taskBaseline(ds, { ...OPTS, window: -1 })).toThrow(/opts\.window .* got -1/);
    expect(() => taskBaseline(ds, { ...OPTS, seed: Number.NaN })).toThrow(/opts\.seed .* got NaN/);
  });

  it('rejects a dataset whose batches do not match its kind', async () => {
    const ds = await prepareDataset(task({ name: 'adding', size: 100 }), 1);
    expect(() => taskBaseline({ ...ds, kind: 'tagging' }, OPTS)).toThrow(
      'expected tagging batches from split train of dataset "adding" in taskBaseline(), got a regression batch',
    );
  });
});
