// The large built-in corpora (cmudict, spam) in one file so each loads once per test run.
import { TaskConfigSchema, type TaskConfig } from '@rnnlab/contracts';
import { describe, expect, it } from 'vitest';
import { listDatasets } from './list-datasets';
import { prepareDataset } from './prepare-dataset';
import type { Batch, BatchIterator, ClassificationBatch, Seq2SeqBatch } from './types';

const task = (t: Partial<TaskConfig> & Pick<TaskConfig, 'name'>): TaskConfig => TaskConfigSchema.parse(t);

/** The value, or a failed test naming what was missing. */
function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what} to be defined`);
  return value;
}
const drain = (it: BatchIterator): Batch[] => {
  const out: Batch[] = [];
  for (let b = it.next(); b; b = it.next()) out.push(b);
  return out;
};

describe('cmudict', () => {
  it('maps letters to ARPAbet symbols, limited by task.size, same for the same seed', async () => {
    const t = task({ name: 'cmudict', size: 1000 });
    const ds = await prepareDataset(t, 1);
    expect(ds.sizes).toEqual({ train: 800, val: 100, test: 100 });
    const b = ds.batches('val', { batch: 100, seed: 1 }).next() as Seq2SeqBatch;
    const { Ts, Tt } = b.shape;
    for (let r = 0; r < 100; r++) {
      const word = defined(ds.inputTokenizer, 'inputTokenizer').decode([...b.src.subarray(r * Ts, (r + 1) * Ts)]);
      const phones = defined(ds.targetTokenizer, 'targetTokenizer').decode([...b.tgtOut.subarray(r * Tt, (r + 1) * Tt)]);
      expect(word).toMatch(/^[A-Z]+$/);
      expect(phones).toMatch(/^[A-Z]{1,2}[0-2]?( [A-Z]{1,2}[0-2]?)*$/);
    }
    const again = await prepareDataset(t, 1);
    expect(drain(again.batches('val', { batch: 100, seed: 1 }))[0]).toEqual(b);
  });
});

describe('spam', () => {
  it('labels ham 0 and spam 1, truncates to seqLen tokens, word tokenizer as configured', async () => {
    const ds = await prepareDataset(task({ name: 'spam', tokenizer: 'word', seqLen: 40, vocabSize: 500 }), 1);
    expect(ds.kind).toBe('classification');
    expect(ds.outputSize).toBe(2);
    expect(defined(ds.inputTokenizer, 'inputTokenizer').kind).toBe('word');
    expect(defined(ds.inputTokenizer, 'inputTokenizer').vocabSize).toBeLessThanOrEqual(500);
    const batches = drain(ds.batches('test', { batch: 256, seed: 1 })) as ClassificationBatch[];
    const labels = batches.flatMap((b) => [...b.labels]);
    expect(labels.length).toBe(ds.sizes.test);
    const spamShare = labels.filter((l) => l === 1).length / labels.length;
    expect(spamShare).toBeGreaterThan(0.2); // the corpus is ~31% spam
    expect(spamShare).toBeLessThan(0.45);
    for (const b of batches) {
      expect(b.shape.T).toBeLessThanOrEqual(40);
      for (let r = 0; r < b.shape.B; r++) expect(b.mask[r * b.shape.T]).toBe(1); // no empty row
    }
  });
});

describe('listDatasets', () => {
  it('lists every task with corpus sizes', () => {
    const list = listDatasets();
    expect(list.map((d) => d.name)).toEqual(['adding', 'copy', 'reverse', 'addition', 'names', 'names-by-category', 'cmudict', 'spam', 'text']);
    const size = (n: string) => defined(list.find((d) => d.name === n), n).size;
    expect(size('names')).toBe(8422);
    expect(size('names-by-category')).toBe(8841); // 4944 female + 3897 male names; 419 are on both lists
    expect(size('cmudict')).toBeGreaterThan(100_000);
    expect(size('spam')).toBeGreaterThan(5800);
    expect(size('spam')).toBeLessThanOrEqual(6046);
    expect(size('adding')).toBeNull();
  });
});
