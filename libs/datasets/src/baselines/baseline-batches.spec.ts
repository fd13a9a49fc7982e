import { TaskConfigSchema } from '@rnnlab/contracts';
import { createTokenizer } from '@rnnlab/tokenization';
import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../prepare-dataset';
import { classificationDataset } from '../tasks/example-datasets';
import type { Batch, ClassificationBatch, PreparedDataset } from '../types';
import { FIT_MAX_EXAMPLES, FIT_VALUE_BUDGET, largestDivisorAtMost, ofKind, splitBatches, trainSample } from './baseline-batches';

/** A classification set whose example i has label i, so a batch tells which examples it holds. */
function numbered(train: number, val: number): PreparedDataset {
  const tokenizer = createTokenizer('char').fit('ab');
  const seqs = (n: number) => Array.from({ length: n }, () => Int32Array.from([4]));
  const labels = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
  const C = Math.max(train, val, 1);
  return classificationDataset({
    name: 'spam',
    describe: 'numbered examples',
    tokenizer,
    classes: C,
    seqs: { train: seqs(train), val: seqs(val), test: seqs(0) },
    labels: { train: labels(train), val: labels(val), test: labels(0) },
  });
}
const labelsOf = (bs: Iterable<Batch>) => [...bs].flatMap((b) => [...(b as ClassificationBatch).labels]);

describe('largestDivisorAtMost', () => {
  it('finds the largest divisor not above the cap', () => {
    expect(largestDivisorAtMost(16_000, 64)).toBe(64);
    expect(largestDivisorAtMost(20_000, 64)).toBe(50);
    expect(largestDivisorAtMost(7, 4)).toBe(1);
    expect(largestDivisorAtMost(12, 100)).toBe(12);
    expect(largestDivisorAtMost(1, 1)).toBe(1);
  });
});

describe('trainSample', () => {
  it.each([
    [12, 5],
    [7, 4],
    [10, 64],
  ])('covers a fixed train set of %i examples exactly once with batch %i', (n, batch) => {
    const got = labelsOf(trainSample(numbered(n, 1), { batch, seed: 3 }));
    expect(got.length).toBe(n);
    expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('stops at FIT_MAX_EXAMPLES examples of an endless synthetic stream', async () => {
    const adding = await prepareDataset(TaskConfigSchema.parse({ name: 'adding', size: 10_000_000, seqLen: 10 }), 1);
    expect(adding.sizes.train).toBeGreaterThan(FIT_MAX_EXAMPLES);
    let seen = 0;
    for (const b of trainSample(adding, { batch: 64, seed: 1 })) seen += b.kind === 'regression' ? b.shape.B : 0;
    expect(seen).toBe(FIT_MAX_EXAMPLES);
  });

  it('stops once FIT_VALUE_BUDGET numbers were drawn (long sequences)', async () => {
    const T = 5000;
    const adding = await prepareDataset(TaskConfigSchema.parse({ name: 'adding', seqLen: T }), 1);
    const perExample = 2 * T + 1;
    const sizes: number[] = [];
    for (const b of trainSample(adding, { batch: 64, seed: 1 })) sizes.push(b.shape.B);
    const values = sizes.reduce((a, B) => a + B * perExample, 0);
    expect(values).toBeGreaterThanOrEqual(FIT_VALUE_BUDGET);
    expect(values - sizes[sizes.length - 1] * perExample).toBeLessThan(FIT_VALUE_BUDGET);
  });
});

describe('splitBatches', () => {
  it('yields every validation example in order, the last batch partial, then ends', () => {
    const bs = [...splitBatches(numbered(3, 7), 'val', { batch: 3, seed: 1 })];
    expect(bs.map((b) => (b as ClassificationBatch).shape.B)).toEqual([3, 3, 1]);
    expect(labelsOf(bs)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('ofKind', () => {
  it('passes batches of the kind and names the dataset and kind otherwise', () => {
    const ds = numbered(2, 2);
    expect([...ofKind(splitBatches(ds, 'val', { batch: 1, seed: 1 }), 'classification', 'val')]).toHaveLength(2);
    expect(() => [...ofKind(splitBatches(ds, 'val', { batch: 1, seed: 1 }), 'seq2seq', 'split val of "spam"')]).toThrow(
      'expected seq2seq batches from split val of "spam" in taskBaseline(), got a classification batch',
    );
  });
});
