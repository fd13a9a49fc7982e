// encodeDataset + decodeDataset on real data, every task (and the text task with every tokenizer).
import { TaskConfigSchema, type TaskConfig } from '@rnnlab/contracts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../errors/data-error';
import { prepareDataset } from '../prepare-dataset';
import type { Batch, BatchIterator, BatchOptions, PreparedDataset, Split } from '../types';
import { readContainer, writeContainer } from './container';
import { decodeDataset } from './decode-dataset';
import { encodeDataset } from './encode-dataset';
import { DATASET_FORMAT_VERSION } from './format';

const task = (t: Partial<TaskConfig> & Pick<TaskConfig, 'name'>): TaskConfig => TaskConfigSchema.parse(t);
const SPLITS: readonly Split[] = ['train', 'val', 'test'];
/** one option set with an explicit window, one with none (lm: the task's default window) */
const OPTIONS: readonly BatchOptions[] = [
  { batch: 4, window: 8, seed: 7 },
  { batch: 3, seed: 2 },
];

const dir = mkdtempSync(join(tmpdir(), 'rnnlab-codec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small text with repeated words (so word and BPE vocabularies form) and some non-ASCII. */
function writeCorpus(): string {
  const words = ['the', 'model', 'reads', 'naïve', 'café', 'tokens', 'and', 'learns', 'ünïcode', '🙂', 'state'];
  const lines = Array.from({ length: 300 }, (_, i) =>
    Array.from({ length: 6 + (i % 5) }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' '),
  );
  const path = join(dir, 'corpus.txt');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
const corpus = writeCorpus();

const CASES: [label: string, task: TaskConfig, seed: number][] = [
  ['adding', task({ name: 'adding', size: 200, seqLen: 20 }), 1],
  ['copy', task({ name: 'copy', lag: 5, size: 500 }), 1],
  ['reverse', task({ name: 'reverse', size: 200, seqLen: 12 }), 1],
  ['addition', task({ name: 'addition', size: 200, digits: 3 }), 1],
  ['names', task({ name: 'names', seqLen: 16 }), 1],
  ['cmudict', task({ name: 'cmudict', size: 1000 }), 1],
  ['spam (word)', task({ name: 'spam', tokenizer: 'word', seqLen: 40, vocabSize: 500 }), 1],
  ['text (char)', task({ name: 'text', path: corpus, tokenizer: 'char', seqLen: 16 }), 1],
  ['text (word)', task({ name: 'text', path: corpus, tokenizer: 'word', seqLen: 8 }), 1],
  ['text (bpe)', task({ name: 'text', path: corpus, tokenizer: 'bpe', vocabSize: 300, seqLen: 8 }), 1],
];

const prepared = new Map<string, Promise<PreparedDataset>>();
/** Each case is prepared once per file (cmudict and spam load large corpora). */
function original(label: string, t: TaskConfig, seed: number): Promise<PreparedDataset> {
  if (!prepared.has(label)) prepared.set(label, prepareDataset(t, seed));
  return prepared.get(label) as Promise<PreparedDataset>;
}

const take = (it: BatchIterator, n: number): (Batch | null)[] => Array.from({ length: n }, () => it.next());
const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Same kind, shape and flags, and every typed array of the same type with the same bytes. */
function expectSameBatch(got: Batch | null, want: Batch | null, where: string): void {
  if (want === null) {
    expect(got, where).toBeNull();
    return;
  }
  expect(got, where).not.toBeNull();
  const g = got as unknown as Record<string, unknown>;
  const w = want as unknown as Record<string, unknown>;
  expect(Object.keys(g).sort(), where).toEqual(Object.keys(w).sort());
  for (const key of Object.keys(w)) {
    const a = w[key];
    const b = g[key];
    if (ArrayBuffer.isView(a)) {
      expect(b?.constructor, `${where}: ${key} type`).toBe(a.constructor);
      expect(bytesOf(b as ArrayBufferView).equals(bytesOf(a)), `${where}: ${key} bytes`).toBe(true);
    } else {
      expect(b, `${where}: ${key}`).toEqual(a);
    }
  }
}

function expectSameBatches(got: (Batch | null)[], want: (Batch | null)[], where: string): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expectSameBatch(got[i], w, `${where}, batch ${i}`));
}

describe.each(CASES)('encodeDataset / decodeDataset: %s', (label, t, seed) => {
  it('decodes to the same header fields, token streams and tokenizers', async () => {
    const ds = await original(label, t, seed);
    const back = decodeDataset(encodeDataset(ds));
    expect(back.name).toBe(ds.name);
    expect(back.kind).toBe(ds.kind);
    expect(back.describe).toBe(ds.describe);
    expect(back.sizes).toEqual(ds.sizes);
    expect(back.outputSize).toBe(ds.outputSize);
    expect(back.inputFeatures).toBe(ds.inputFeatures);
    expect(back.tokenStreams).toEqual(ds.tokenStreams);
    if (ds.kind === 'lm') expect(back.tokenStreams?.train.length).toBeGreaterThan(100);
    for (const key of ['inputTokenizer', 'targetTokenizer'] as const) {
      expect(back[key] === undefined).toBe(ds[key] === undefined);
      expect(back[key]?.toJSON()).toEqual(ds[key]?.toJSON());
      expect(back[key]?.vocabSize).toBe(ds[key]?.vocabSize);
    }
    // a tokenizer shared by source and target stays one object
    expect(back.inputTokenizer === back.targetTokenizer).toBe(ds.inputTokenizer === ds.targetTokenizer);
    const tok = ds.inputTokenizer;
    if (tok && ds.tokenStreams) {
      const sample = [...ds.tokenStreams.val.subarray(0, 200)];
      expect(back.inputTokenizer?.decode(sample)).toBe(tok.decode(sample));
    }
  });

  it('yields bit-identical batches from every split for the same options', async () => {
    const ds = await original(label, t, seed);
    const back = decodeDataset(encodeDataset(ds));
    for (const opts of OPTIONS) {
      for (const split of SPLITS) {
        const want = take(ds.batches(split, opts), 6);
        if (ds.sizes[split] > 0) expect(want[0], `${split} yields a batch`).not.toBeNull();
        expectSameBatches(take(back.batches(split, opts), 6), want, `${split} ${JSON.stringify(opts)}`);
      }
    }
  });

  it("seeks to the original iterator's positions", async () => {
    const ds = await original(label, t, seed);
    const back = decodeDataset(encodeDataset(ds));
    for (const split of ['train', 'val'] as const) {
      const opts = OPTIONS[0];
      const a = ds.batches(split, opts);
      take(a, 3);
      const pos = JSON.parse(JSON.stringify(a.position()));
      const want = take(a, 3);
      const b = back.batches(split, opts);
      b.seek(pos);
      expectSameBatches(take(b, 3), want, `${split} after seek`);
      expect(b.position()).toEqual(a.position());
    }
  });

  it('gives the same bytes every time: twice, after a fresh prepare, and after a round trip', async () => {
    const ds = await original(label, t, seed);
    const bytes = encodeDataset(ds);
    expect(bytesOf(encodeDataset(ds)).equals(bytesOf(bytes))).toBe(true);
    expect(bytesOf(encodeDataset(decodeDataset(bytes))).equals(bytesOf(bytes))).toBe(true);
    expect(bytesOf(encodeDataset(await prepareDataset(t, seed))).equals(bytesOf(bytes))).toBe(true);
  });
});

describe('encodeDataset: what makes the bytes differ', () => {
  it('another seed or another task setting gives other bytes', async () => {
    for (const t of [task({ name: 'adding', size: 200, seqLen: 20 }), task({ name: 'reverse', size: 200 })]) {
      const a = encodeDataset(await prepareDataset(t, 1));
      expect(bytesOf(encodeDataset(await prepareDataset(t, 2))).equals(bytesOf(a))).toBe(false);
      expect(bytesOf(encodeDataset(await prepareDataset({ ...t, size: 201 }, 1))).equals(bytesOf(a))).toBe(false);
    }
  });

  it('stores ids as u16 for small vocabularies, i32 for large ones', async () => {
    const small = encodeDataset(await prepareDataset(task({ name: 'names' }), 1));
    const header = readContainer(small).header as { args: { streams: Record<Split, { dtype: string; length: number }> } };
    expect(header.args.streams.train.dtype).toBe('u16');
    // ~2 bytes a token, not 4
    const tokens = SPLITS.reduce((n, s) => n + header.args.streams[s].length, 0);
    expect(small.length).toBeLessThan(2 * tokens + 4096);
  });
});

describe('encodeDataset: datasets it cannot encode', () => {
  it('refuses a copy or a hand-made dataset', async () => {
    const ds = await prepareDataset(task({ name: 'reverse', size: 200 }), 1);
    const copy = { ...ds };
    expect(() => encodeDataset(copy)).toThrow(DataError);
    expect(() => encodeDataset(copy)).toThrow(/dataset "reverse" was not built by prepareDataset\(\)/);
  });

  it('refuses a dataset changed after it was built', async () => {
    const ds = await prepareDataset(task({ name: 'addition', size: 200 }), 1);
    ds.describe = 'something else';
    expect(() => encodeDataset(ds)).toThrow(/was changed after it was built: describe is "something else"/);
  });
});

describe('decodeDataset: bytes it cannot decode', () => {
  const blob = async () => encodeDataset(await prepareDataset(task({ name: 'reverse', size: 200 }), 1));
  const expectDataError = (bytes: Uint8Array, message: string | RegExp) => {
    expect(() => decodeDataset(bytes)).toThrow(DataError);
    expect(() => decodeDataset(bytes)).toThrow(message);
  };

  it('a corrupted magic, a truncated buffer, a newer version, a flipped bit', async () => {
    const bytes = await blob();
    const n = bytes.length;
    const magic = bytes.slice();
    magic[0] = 0x50; // "PNLABDS…"
    expectDataError(magic, 'not an rnnlab prepared dataset (bad magic)');
    expectDataError(bytes.subarray(0, n - 100), `truncated: header says ${n} bytes, got ${n - 100}`);
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(8, DATASET_FORMAT_VERSION + 1, true);
    expectDataError(
      newer,
      `format version ${DATASET_FORMAT_VERSION + 1} is newer than this rnnlab reads (${DATASET_FORMAT_VERSION})`,
    );
    const flipped = bytes.slice();
    flipped[n - 50] ^= 0x04;
    expectDataError(flipped, /^corrupt: checksum mismatch/);
  });

  it('decodes from an unaligned view (e.g. a slice of a database page)', async () => {
    const bytes = await blob();
    const page = new Uint8Array(bytes.length + 1);
    page.set(bytes, 1);
    const view = page.subarray(1);
    expect(bytesOf(encodeDataset(decodeDataset(view))).equals(bytesOf(bytes))).toBe(true);
  });

  it('decodes from a Node Buffer, what the database drivers return (its slice() is a view, not a copy)', async () => {
    const bytes = await blob();
    const pooled = Buffer.alloc(bytes.length + 3);
    pooled.set(bytes, 3);
    const buffer = pooled.subarray(3);
    expect(bytesOf(encodeDataset(decodeDataset(buffer))).equals(bytesOf(bytes))).toBe(true);
    expect(bytesOf(encodeDataset(decodeDataset(Buffer.from(bytes)))).equals(bytesOf(bytes))).toBe(true);
  });

  it('a well-sealed header with bad contents names the field', async () => {
    const { header, data } = readContainer(await blob());
    const reseal = (edit: (h: Record<string, Record<string, unknown>>) => void) => {
      const h = structuredClone(header) as Record<string, Record<string, unknown>>;
      edit(h);
      return writeContainer(h, data);
    };
    expectDataError(
      reseal((h) => ((h as Record<string, unknown>).builder = 'tape')),
      /corrupt header: expected header\.builder to be "lm" \| "seq2seq" \| "classification" \| "recipe", got "tape"/,
    );
    expectDataError(reseal((h) => (h.args.tgtTokenizer = 3)), /expected header\.args\.tgtTokenizer to be an integer in \[0, 0\], got 3/);
    expectDataError(
      reseal((h) => ((h.tokenizers as unknown as unknown[])[0] = { format: 'x' })),
      /corrupt header: header\.tokenizers\[0\]: unknown json\.format/,
    );
    expectDataError(
      reseal((h) => ((h.dataset.sizes as Record<Split, number>).train += 1)),
      /the rebuilt dataset "reverse" differs from the stored one in sizes/,
    );
    expectDataError(
      reseal((h) => ((h.args.src as Record<string, unknown>).val = { flat: { dtype: 'u16', offset: 1 << 30, length: 1 } })),
      /header\.args\.src\.val\.flat points at bytes/,
    );
  });

  it('a recipe is re-validated before it is rebuilt', async () => {
    const { header, data } = readContainer(encodeDataset(await prepareDataset(task({ name: 'copy', lag: 5, size: 500 }), 1)));
    const h = structuredClone(header) as { args: { task: Record<string, unknown>; seed: unknown } };
    h.args.task.lag = -3;
    expect(() => decodeDataset(writeContainer(h, data))).toThrow(/invalid stored task:\n {2}header\.args\.task\.lag/);
    h.args.task = { ...task({ name: 'names' }) };
    expect(() => decodeDataset(writeContainer(h, data))).toThrow(/a recipe is stored for tasks adding, copy, names-by-category only, got task "names"/);
  });
});
