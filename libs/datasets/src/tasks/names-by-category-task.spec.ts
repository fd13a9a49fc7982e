import { describe, expect, it } from 'vitest';
import { TaskConfigSchema } from '@rnnlab/contracts';
import { BOS_ID, EOS_ID, PAD_ID } from '@rnnlab/tokenization';
import { decodeDataset } from '../codec/decode-dataset';
import { encodeDataset } from '../codec/encode-dataset';
import { taskBaseline } from '../baselines/task-baseline';
import { prepareDataset } from '../prepare-dataset';
import type { GenerationBatch } from '../types';

const task = TaskConfigSchema.parse({ name: 'names-by-category' });

describe('names-by-category', () => {
  it('splits by name over both lists, so no name is in two splits', async () => {
    const ds = await prepareDataset(task, 3);
    expect(ds).toMatchObject({ kind: 'generation', categories: ['female', 'male'], inputFeatures: 2 });
    const seqs = ds.sequencesByCategory as NonNullable<typeof ds.sequencesByCategory>;
    const names = (s: 'train' | 'val' | 'test') => new Set([...seqs[s][0], ...seqs[s][1]]);
    const [train, val, test] = [names('train'), names('val'), names('test')];
    for (const n of val) expect(train.has(n) || test.has(n), n).toBe(false);
    for (const n of test) expect(train.has(n), n).toBe(false);
    expect(ds.sizes.train).toBe(seqs.train[0].length + seqs.train[1].length);
    // a name on both lists (e.g. a unisex one) comes with both categories, in one split
    const both = [...train].filter((n) => seqs.train[0].includes(n) && seqs.train[1].includes(n));
    expect(both.length).toBeGreaterThan(10);
  });

  it('feeds <bos> then the name and targets the name then <eos>, padded and masked', async () => {
    const ds = await prepareDataset(task, 3);
    const tok = ds.inputTokenizer as NonNullable<typeof ds.inputTokenizer>;
    const b = ds.batches('val', { batch: 16, seed: 1 }).next() as GenerationBatch;
    const { B, T, V, C } = b.shape;
    expect([B, V, C]).toEqual([16, tok.vocabSize, 2]);
    const seqs = (ds.sequencesByCategory as NonNullable<typeof ds.sequencesByCategory>).val;
    for (let r = 0; r < B; r++) {
      const row = (a: ArrayLike<number>) => Array.from(a).slice(r * T, (r + 1) * T);
      const len = row(b.mask).reduce((x, y) => x + y, 0);
      const ids = row(b.targets).slice(0, len - 1);
      const name = tok.decode(ids);
      expect(seqs[b.categories[r]]).toContain(name);
      expect(row(b.tokens)).toEqual([BOS_ID, ...ids, ...new Array<number>(T - len).fill(PAD_ID)]);
      expect(row(b.targets)).toEqual([...ids, EOS_ID, ...new Array<number>(T - len).fill(PAD_ID)]);
    }
  });

  it('is stored as its recipe and decodes to the same batches', async () => {
    const ds = await prepareDataset(task, 5);
    const back = decodeDataset(encodeDataset(ds));
    const a = ds.batches('train', { batch: 8, seed: 2 }).next() as GenerationBatch;
    const b = back.batches('train', { batch: 8, seed: 2 }).next() as GenerationBatch;
    expect([...b.tokens]).toEqual([...a.tokens]);
    expect([...b.categories]).toEqual([...a.categories]);
  });

  it('has a per-category bigram baseline well below a uniform guess', async () => {
    const ds = await prepareDataset(task, 3);
    const base = taskBaseline(ds, { batch: 64, window: 0, seed: 1 });
    expect(base.bigram_bits_per_token).toBeGreaterThan(2);
    expect(base.bigram_bits_per_token).toBeLessThan(Math.log2(ds.outputSize) - 1);
    expect(base.bigram_bpc).toBe(base.bigram_bits_per_token);
  });
});
