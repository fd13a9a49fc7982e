import { TaskConfigSchema, type TaskConfig } from '@rnnlab/contracts';
import { EOS_ID } from '@rnnlab/tokenization';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bigramBitsPerToken } from './baselines/bigram';
import { DataError } from './errors/data-error';
import { prepareDataset } from './prepare-dataset';
import type { Batch, BatchIterator, PreparedDataset, Seq2SeqBatch, SequenceBatch, Split } from './types';

const task = (t: Partial<TaskConfig> & Pick<TaskConfig, 'name'>): TaskConfig => TaskConfigSchema.parse(t);

/** The value, or a failed test naming what was missing. */
function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what} to be defined`);
  return value;
}
const take = (it: BatchIterator, n: number): (Batch | null)[] => Array.from({ length: n }, () => it.next());
/** All batches of a val/test iterator (train never ends: capped so a mistake fails instead of hanging). */
const drain = (it: BatchIterator): Batch[] => {
  const out: Batch[] = [];
  for (let b = it.next(); b; b = it.next()) {
    out.push(b);
    if (out.length > 10_000) throw new Error('drain(): iterator does not end');
  }
  return out;
};

/** Source and target strings of every example of a seq2seq split, decoded (one batch of the whole split). */
function decodePairs(ds: PreparedDataset, split: Split): [string, string][] {
  const pairs: [string, string][] = [];
  const b = ds.batches(split, { batch: ds.sizes[split], seed: 0 }).next() as Seq2SeqBatch;
  {
    const { B, Ts, Tt } = b.shape;
    for (let r = 0; r < B; r++) {
      const src = [...b.src.subarray(r * Ts, (r + 1) * Ts)].filter((_, t) => b.srcMask[r * Ts + t] === 1);
      const out = [...b.tgtOut.subarray(r * Tt, (r + 1) * Tt)].filter((_, t) => b.tgtMask[r * Tt + t] === 1);
      expect(out[out.length - 1]).toBe(EOS_ID);
      pairs.push([defined(ds.inputTokenizer, 'inputTokenizer').decode(src), defined(ds.targetTokenizer, 'targetTokenizer').decode(out)]);
    }
  }
  return pairs;
}

/** The resume contract: 5 batches, save, 3 more; a fresh iterator seeking there yields the same 3. */
function expectResumable(ds: PreparedDataset, window?: number): void {
  const opts = { batch: 8, window, seed: 42 };
  const a = ds.batches('train', opts);
  take(a, 5);
  const pos = JSON.parse(JSON.stringify(a.position()));
  const next3 = take(a, 3);
  const b = ds.batches('train', opts);
  b.seek(pos);
  expect(take(b, 3)).toEqual(next3);
  // and a fresh iterator is not already there (the test can fail)
  expect(take(ds.batches('train', opts), 3)).not.toEqual(next3);
}

describe('prepareDataset: adding', () => {
  it('val and test are fixed sets: same every call and every iterator; other seeds differ', async () => {
    const t = task({ name: 'adding', seqLen: 20, size: 1000 });
    const a = await prepareDataset(t, 1);
    const b = await prepareDataset(t, 1);
    const c = await prepareDataset(t, 2);
    expect(a.sizes).toEqual({ train: 1000, val: 256, test: 256 });
    const val = drain(a.batches('val', { batch: 100, seed: 1 }));
    expect(val.map((x) => x.shape.B)).toEqual([100, 100, 56]);
    expect(drain(a.batches('val', { batch: 100, seed: 9 }))).toEqual(val);
    expect(drain(b.batches('val', { batch: 100, seed: 1 }))).toEqual(val);
    expect(drain(c.batches('val', { batch: 100, seed: 1 }))).not.toEqual(val);
    expect(drain(a.batches('test', { batch: 100, seed: 1 }))).not.toEqual(val);
  });

  it('train draws fresh batches forever, determined by the batch seed', async () => {
    const ds = await prepareDataset(task({ name: 'adding', seqLen: 10 }), 1);
    const x = take(ds.batches('train', { batch: 4, seed: 3 }), 3);
    expect(x[0]).not.toEqual(x[1]);
    expect(take(ds.batches('train', { batch: 4, seed: 3 }), 3)).toEqual(x);
    expect(take(ds.batches('train', { batch: 4, seed: 4 }), 3)).not.toEqual(x);
    expectResumable(ds);
  });

  it('rejects a sequence too short for two halves', async () => {
    await expect(prepareDataset(task({ name: 'adding', seqLen: 1 }), 1)).rejects.toThrow(/task\.seqLen.*got 1/);
  });
});

describe('prepareDataset: copy', () => {
  it('yields tagging batches of T = lag + 21 over V = C = 10, resumable', async () => {
    const ds = await prepareDataset(task({ name: 'copy', lag: 7, size: 500 }), 1);
    expect(ds.kind).toBe('tagging');
    expect(ds.outputSize).toBe(10);
    const b = ds.batches('val', { batch: 16, seed: 1 }).next() as SequenceBatch;
    expect(b.shape).toEqual({ B: 16, T: 28, V: 10, C: 10 });
    expect(b.tokens[17]).toBe(9); // delimiter at step 10 + lag
    expectResumable(ds);
  });
});

describe('prepareDataset: addition', () => {
  it('every example is a correct sum, and no problem is in two splits', async () => {
    const ds = await prepareDataset(task({ name: 'addition', digits: 3, size: 2000 }), 5);
    const seen = new Map<string, Split>();
    for (const split of ['train', 'val', 'test'] as const) {
      const pairs = decodePairs(ds, split);
      expect(pairs.length).toBe(ds.sizes[split]);
      for (const [src, tgt] of pairs) {
        const m = defined(/^(\d{1,3})\+(\d{1,3})$/.exec(src), `a problem "a+b", got "${src}"`);
        expect(Number(tgt)).toBe(Number(m[1]) + Number(m[2]));
        expect(seen.get(src), `${src} in ${split} and ${seen.get(src)}`).toBeUndefined();
        seen.set(src, split);
      }
    }
    expectResumable(ds);
  });

  it('uses the whole space when it is smaller than asked (1 digit: 100 problems)', async () => {
    const ds = await prepareDataset(task({ name: 'addition', digits: 1, size: 1000 }), 1);
    expect(ds.sizes).toEqual({ train: 80, val: 10, test: 10 });
  });
});

describe('prepareDataset: reverse', () => {
  it('targets are the reversed sources, strings over a-z up to seqLen', async () => {
    const ds = await prepareDataset(task({ name: 'reverse', seqLen: 12, size: 300 }), 1);
    const pairs = decodePairs(ds, 'val');
    expect(pairs.length).toBe(256);
    for (const [src, tgt] of pairs) {
      expect(src).toMatch(/^[a-z]{1,12}$/);
      expect(tgt).toBe([...src].reverse().join(''));
    }
  });
});

describe('prepareDataset: names', () => {
  const names = (ds: PreparedDataset, split: Split) =>
    defined(ds.inputTokenizer, 'inputTokenizer').decode([...defined(ds.tokenStreams, 'tokenStreams')[split]]).split('\n').filter((n) => n.length > 0);

  it('splits by name with no overlap, deterministically', async () => {
    const ds = await prepareDataset(task({ name: 'names' }), 1);
    const train = new Set(names(ds, 'train'));
    const val = names(ds, 'val');
    const test = names(ds, 'test');
    expect(train.size + val.length + test.length).toBe(8422);
    expect(val.filter((n) => train.has(n))).toEqual([]);
    expect(test.filter((n) => train.has(n) || val.includes(n))).toEqual([]);
    const again = await prepareDataset(task({ name: 'names' }), 1);
    expect(again.tokenStreams).toEqual(ds.tokenStreams);
    const other = await prepareDataset(task({ name: 'names' }), 2);
    expect(names(other, 'val')).not.toEqual(val);
  });

  it('streams TBPTT windows of the default length seqLen, resumable, and beats uniform with a bigram', async () => {
    const ds = await prepareDataset(task({ name: 'names', seqLen: 32 }), 1);
    const b = ds.batches('train', { batch: 8, seed: 1 }).next() as SequenceBatch;
    expect(b.shape).toMatchObject({ B: 8, T: 32 });
    expect(b.continues).toBe(false);
    expectResumable(ds, 16);
    const bits = bigramBitsPerToken(defined(ds.tokenStreams, 'tokenStreams').train, defined(ds.tokenStreams, 'tokenStreams').val, ds.outputSize);
    expect(bits).toBeLessThan(Math.log2(ds.outputSize) - 1);
  });
});

describe('prepareDataset: text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-text-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a BOM + CRLF file, splits it contiguously 80/10/10 and fits on train only', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${String(i).padStart(2, '0')}`);
    const p = join(dir, 'corpus.txt');
    writeFileSync(p, `\uFEFF${lines.join('\r\n')}\r\n`);
    const ds = await prepareDataset(task({ name: 'text', path: p }), 1);
    const tok = defined(ds.inputTokenizer, 'inputTokenizer');
    const text = (s: Split) => tok.decode([...defined(ds.tokenStreams, 'tokenStreams')[s]]);
    expect(text('train')).toBe(`${lines.slice(0, 80).join('\n')}\n`);
    expect(text('val')).toBe(`${lines.slice(80, 90).join('\n')}\n`);
    expect(text('test')).toBe(`${lines.slice(90).join('\n')}\n`);
    expect(tok.tokenToId('\r')).toBe(1); // <unk>: no CR survived
  });

  it('fails with clear errors for a missing path and an empty file', async () => {
    // a task that skipped the schema (TaskConfigSchema itself refuses task text without a source)
    await expect(prepareDataset({ ...task({ name: 'names' }), name: 'text' }, 1)).rejects.toThrow(/task\.path: required/);
    await expect(prepareDataset(task({ name: 'text', path: join(dir, 'missing.txt') }), 1)).rejects.toThrow(
      /missing\.txt/,
    );
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    await expect(prepareDataset(task({ name: 'text', path: empty }), 1)).rejects.toThrow(/empty corpus/);
  });
});

describe('prepareDataset: input checks', () => {
  it('names bad task fields', async () => {
    const bad = { ...task({ name: 'adding' }), seqLen: 0 };
    await expect(prepareDataset(bad, 1)).rejects.toThrow(DataError);
    await expect(prepareDataset(bad, 1)).rejects.toThrow(/task\.seqLen/);
    const unknown = { ...task({ name: 'adding' }), name: 'mnist' } as unknown as TaskConfig;
    await expect(prepareDataset(unknown, 1)).rejects.toThrow(/task\.name/);
  });

  it('names bad batch options', async () => {
    const ds = await prepareDataset(task({ name: 'adding', size: 100 }), 1);
    expect(() => ds.batches('train', { batch: 0, seed: 1 })).toThrow(/opts\.batch.*got 0/);
    expect(() => ds.batches('train', { batch: 2, window: -1, seed: 1 })).toThrow(/opts\.window/);
  });
});
