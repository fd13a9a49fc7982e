import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TaskConfigSchema, type TaskConfig } from '@rnnlab/contracts';
import { decodeDataset } from '../codec/decode-dataset';
import { encodeDataset } from '../codec/encode-dataset';
import { prepareDataset } from '../prepare-dataset';
import { parseUpload } from '../uploads/parse-upload';
import type { PreparedDataset, SequenceBatch } from '../types';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const task = (t: Partial<TaskConfig> & Pick<TaskConfig, 'name'>): TaskConfig => TaskConfigSchema.parse(t);

/** what a model would see of a dataset: its sizes, vocabulary, streams and first batches */
function seen(ds: PreparedDataset) {
  const it = ds.batches('train', { batch: 4, window: 16, seed: 3 });
  const batches = Array.from({ length: 3 }, () => it.next() as SequenceBatch).map((b) => ({ tokens: [...b.tokens], targets: [...b.targets] }));
  return {
    kind: ds.kind,
    sizes: ds.sizes,
    outputSize: ds.outputSize,
    vocab: ds.inputTokenizer?.toJSON(),
    streams: Object.fromEntries(Object.entries(ds.tokenStreams ?? {}).map(([k, v]) => [k, [...v]])),
    batches,
  };
}

describe('task text from an upload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-upload-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const lines = Array.from({ length: 120 }, (_, i) => `Line ${i}: the quick brown fox jumps over the lazy dog, naïvely 🙂`);
  // a file as Windows saves it: a byte-order mark and CRLF line ends
  const bytes = new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
  const path = join(dir, 'corpus.txt');
  writeFileSync(path, bytes);
  const { text } = parseUpload(bytes, 'text');
  const upload = sha256(text);

  it.each(['char', 'word', 'bpe'] as const)('prepares the same dataset as the same text from a file (%s)', async (tokenizer) => {
    const fromFile = await prepareDataset(task({ name: 'text', path, tokenizer, vocabSize: 300, seqLen: 16 }), 1);
    const fromUpload = await prepareDataset(task({ name: 'text', upload, tokenizer, vocabSize: 300, seqLen: 16 }), 1, { text });
    expect(seen(fromUpload)).toEqual(seen(fromFile));
    expect(fromUpload.describe).toMatch(new RegExp(`^upload ${upload.slice(0, 12)} \\(${tokenizer} lm\\)`));
    expect(fromFile.describe).toMatch(/^text file .*corpus\.txt/);
  });

  it('round-trips through the dataset codec like any prepared dataset', async () => {
    const ds = await prepareDataset(task({ name: 'text', upload, seqLen: 16 }), 1, { text });
    expect(seen(decodeDataset(encodeDataset(ds)))).toEqual(seen(ds));
  });

  it('needs the text passed in, and takes none for a file', async () => {
    await expect(prepareDataset(task({ name: 'text', upload }), 1)).rejects.toThrow(/task\.upload: the text of upload [0-9a-f]{64} was not given/);
    await expect(prepareDataset(task({ name: 'text', path }), 1, { text })).rejects.toThrow(/sources\.text is the text of task\.upload/);
    await expect(prepareDataset(task({ name: 'text', upload }), 1, { text: ' \n ' })).rejects.toThrow(/empty corpus: upload/);
  });
});
