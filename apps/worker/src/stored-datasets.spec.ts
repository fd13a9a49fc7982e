/**
 * The seam where a worker hands an upload's text to prepareDataset(): a run on an upload prepares
 * the same dataset as a run on the same text in a file, and an upload that is not there fails
 * unrecoverably. A real SQLite store; no Redis (one worker: no lease needed).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskConfigSchema } from '@rnnlab/contracts';
import { DataError, parseUpload, type PreparedDataset } from '@rnnlab/datasets';
import { openStore, type Store } from '@rnnlab/store';
import { datasetKeyFor, prepareInStore } from './stored-datasets';

const streams = (ds: PreparedDataset | null) => Object.fromEntries(Object.entries(ds?.tokenStreams ?? {}).map(([k, v]) => [k, [...v]]));

describe('prepareInStore on an upload', () => {
  let dir = '';
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rnnlab-stored-upload-'));
    store = await openStore(`sqlite:${join(dir, 'rnnlab.db')}`);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the upload’s text from the store and prepares what the same text in a file prepares', async () => {
    const bytes = new TextEncoder().encode(Array.from({ length: 80 }, (_, i) => `upload line ${i}, with words to tokenize`).join('\r\n'));
    const path = join(dir, 'corpus.txt');
    writeFileSync(path, bytes);
    const parsed = parseUpload(bytes, 'text');
    const { id } = await store.putUpload({ label: 'corpus.txt', format: 'text', fileBytes: bytes.byteLength, entries: parsed.entries, text: parsed.text });

    const opts = { redis: null, prefix: 'test', load: true };
    const onUpload = await prepareInStore(store, { task: TaskConfigSchema.parse({ name: 'text', upload: id, tokenizer: 'word', seqLen: 8 }), seed: 1 }, opts);
    const onFile = await prepareInStore(store, { task: TaskConfigSchema.parse({ name: 'text', path, tokenizer: 'word', seqLen: 8 }), seed: 1 }, opts);
    expect(onUpload.created).toBe(true);
    expect(streams(onUpload.dataset)).toEqual(streams(onFile.dataset));
    expect(onUpload.dataset?.inputTokenizer?.toJSON()).toEqual(onFile.dataset?.inputTokenizer?.toJSON());
    expect(onUpload.dataset?.describe).toMatch(`upload ${id.slice(0, 12)}`);

    // found again by its key (the upload id is its content hash), not prepared twice
    const again = await prepareInStore(store, { task: TaskConfigSchema.parse({ name: 'text', upload: id, tokenizer: 'word', seqLen: 8 }), seed: 1 }, opts);
    expect(again).toMatchObject({ datasetId: onUpload.datasetId, created: false });
    expect(streams(again.dataset)).toEqual(streams(onUpload.dataset));
    const key = await datasetKeyFor({ task: TaskConfigSchema.parse({ name: 'text', upload: id }), seed: 1 });
    expect(key).toMatch(/^d-[0-9a-f]{32}$/);
  });

  it('fails unrecoverably when the upload is not in the store', async () => {
    const missing = 'e'.repeat(64);
    const run = prepareInStore(store, { task: TaskConfigSchema.parse({ name: 'text', upload: missing }), seed: 1 }, { redis: null, prefix: 'test' });
    await expect(run).rejects.toThrow(DataError);
    await expect(run).rejects.toThrow(`task.upload: no upload ${missing} in the store`);
    await expect(run).rejects.toMatchObject({ unrecoverable: true });
  });
});
