/**
 * The upload route handler against a real SQLite store: every bad input of RELIABILITY.md's list
 * gets a clear 4xx naming what to fix, and nothing is stored; good files are stored once under the
 * SHA-256 of their text.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_ALPHABET, MAX_UPLOAD_LINE_CHARS } from '@rnnlab/datasets';
import { openStore, type Store } from '@rnnlab/store';
import { describeLimit, readUploadBody } from './upload-body';
import { DEFAULT_MAX_UPLOAD_BYTES, handleUpload, maxUploadBytes, type UploadDeps } from './uploads';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const utf8 = (s: string) => new TextEncoder().encode(s);

/** a body stream that delivers `chunks`, then ends (or errors with `fail`) */
function stream(chunks: Uint8Array[], fail?: Error): ReadableStream<Uint8Array> & { pulled: () => number } {
  let i = 0;
  const s = new ReadableStream<Uint8Array>({
    pull(c) {
      if (i < chunks.length) c.enqueue(chunks[i++]);
      else if (fail) c.error(fail);
      else c.close();
    },
  });
  return Object.assign(s, { pulled: () => i });
}

let dir = '';
let store: Store;
let limit = 1000;
let caller: () => Promise<{ via: 'local' | 'session' | 'token' }> = async () => ({ via: 'local' });
const deps: UploadDeps = { authorize: () => caller(), store: async () => store, maxBytes: () => limit };

function post(name: string | null, body: BodyInit | null, o: { format?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const q = new URLSearchParams();
  if (name !== null) q.set('name', name);
  if (o.format) q.set('format', o.format);
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', body, headers: { host: '127.0.0.1:3000', ...o.headers } };
  if (body instanceof ReadableStream) init.duplex = 'half';
  return handleUpload(new Request(`http://127.0.0.1:3000/api/v1/datasets?${q}`, init), deps);
}

const count = async () => (await store.listUploads({ limit: 1000 })).length;

/** posts, expects the status and a message matching `message` under `field`, and that nothing was stored */
async function refused(r: Promise<Response>, status: number, field: string, message: RegExp): Promise<void> {
  const before = await count();
  const res = await r;
  const body = (await res.json()) as { error: string; fields: Record<string, string> };
  expect({ status: res.status, field: Object.keys(body.fields)[0] }).toEqual({ status, field });
  expect(body.fields[field]).toMatch(message);
  expect(await count()).toBe(before);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-uploads-'));
  store = await openStore(`sqlite:${join(dir, 'rnnlab.db')}`);
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  limit = 1000;
  caller = async () => ({ via: 'local' });
});

describe('POST /api/v1/datasets: good files', () => {
  it('stores a text file under the SHA-256 of its text, once', async () => {
    const text = `to be, or not to be ${Math.random()}\nthat is the question\n`;
    const res = await post('hamlet.txt', utf8(text), { headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ created: true, upload: { id: sha256(text), label: 'hamlet.txt', format: 'text', entries: 2, bytes: utf8(text).byteLength }, cli: expect.stringContaining(`--upload ${sha256(text)}`) });
    expect((await store.getUpload(sha256(text)))?.text).toBe(text);
    const again = await post('copy of hamlet.txt', utf8(text));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false, upload: { id: sha256(text), label: 'hamlet.txt' } });
  });

  it('strips a BOM and turns CRLF into LF before hashing', async () => {
    const res = await post('windows.txt', utf8(`\uFEFFone ${Math.PI}\r\ntwo\r\n`));
    expect(res.status).toBe(201);
    expect((await res.json()).upload.id).toBe(sha256(`one ${Math.PI}\ntwo\n`));
  });

  it('takes the text column of a CSV and the text field of JSONL, the format by extension or given', async () => {
    const csv = await post('rows.csv', utf8('id,text\n1,"first, quoted"\n2,second\n'));
    expect(csv.status).toBe(201);
    expect((await csv.json()).upload).toMatchObject({ id: sha256('first, quoted\nsecond\n'), format: 'csv', entries: 2 });
    const jsonl = await post('lines', utf8('{"text":"alpha"}\n{"text":"beta","x":1}\n'), { format: 'jsonl' });
    expect(jsonl.status).toBe(201);
    expect((await jsonl.json()).upload).toMatchObject({ id: sha256('alpha\nbeta\n'), format: 'jsonl', entries: 2 });
  });

  it('takes a file of exactly the limit', async () => {
    limit = 64;
    const res = await post('exact.txt', utf8('z'.repeat(63) + '\n'));
    expect(res.status).toBe(201);
  });

  it('lets a token through without an Origin check', async () => {
    caller = async () => ({ via: 'token' });
    const res = await post('script.txt', utf8(`from a script ${Math.random()}`), { headers: { origin: 'http://elsewhere.example' } });
    expect(res.status).toBe(201);
  });
});

describe('POST /api/v1/datasets: bad file names', () => {
  it.each([
    ['../../etc/passwd', /not a path: "..\/..\/etc\/passwd" holds "\/"/],
    ['..%2f', /without "\.\."/],
    ['%252e%252e%252f', /percent-encoded/],
    ['..\\..\\x', /not a path/],
    ['/etc/passwd', /not a path/],
    ['C:\\x.txt', /not a path/],
    ['a\0b.txt', /control or invisible characters, got U\+0000/],
    ['a\u0007b.txt', /U\+0007/],
    ['x'.repeat(296) + '.txt', /at most 200 characters, got 300/],
    ['', /got none/],
  ])('refuses %j with 400 and stores nothing', async (name, message) => {
    await refused(post(name, utf8('fine text')), 400, 'name', message);
  });

  it('refuses a missing name, an unknown format, and a name without a known extension', async () => {
    await refused(post(null, utf8('fine text')), 400, 'name', /got none/);
    await refused(post('a.txt', utf8('fine text'), { format: 'exe' }), 400, 'format', /one of text, csv, jsonl, got "exe"/);
    await refused(post('corpus.bin', utf8('fine text')), 400, 'format', /choose a format/);
  });
});

describe('POST /api/v1/datasets: sizes and bodies', () => {
  it('refuses one byte over the limit', async () => {
    limit = 64;
    await refused(post('big.txt', utf8('z'.repeat(65))), 413, 'file', /larger than the upload limit of 64 bytes: upload a smaller file/);
  });

  it('refuses a declared length over the limit without reading the body', async () => {
    limit = 64;
    const body = stream([utf8('z'.repeat(10))]);
    const r = await readUploadBody(body, '65', 64);
    expect(r).toMatchObject({ ok: false, status: 413 });
    expect(body.pulled()).toBe(0);
  });

  it('refuses a body that runs past the limit whatever Content-Length says, reading no further', async () => {
    const chunks = Array.from({ length: 10 }, () => utf8('z'.repeat(40)));
    const body = stream(chunks);
    const r = await readUploadBody(body, '40', 100);
    expect(r).toMatchObject({ ok: false, status: 413, message: expect.stringMatching(/larger than the upload limit/) });
    // refused at the chunk that crossed the cap (the stream may have queued one more, never all)
    expect(body.pulled()).toBeGreaterThanOrEqual(3);
    expect(body.pulled()).toBeLessThanOrEqual(4);
    // chunked transfer encoding: no Content-Length at all
    limit = 100;
    await refused(post('chunked.txt', stream(chunks)), 413, 'file', /larger than the upload limit/);
  });

  it('refuses a body shorter or longer than its Content-Length, and one cut off', async () => {
    expect(await readUploadBody(stream([utf8('abc')]), '10', 100)).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/holds 3 bytes but Content-Length said 10/) });
    expect(await readUploadBody(stream([utf8('abcdef')]), '3', 100)).toMatchObject({ ok: false, status: 400 });
    expect(await readUploadBody(stream([utf8('abc')]), 'lots', 100)).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/Content-Length to be a number/) });
    await refused(post('cut.txt', stream([utf8('abc')], new Error('socket hang up'))), 400, 'file', /cut off after 3 bytes/);
  });

  it('refuses a form post: the body must be the file', async () => {
    const form = new FormData();
    form.set('file', new Blob(['text']), 'a.txt');
    await refused(post('a.txt', form), 415, 'file', /the file itself as the body, got multipart\/form-data/);
  });
});

describe('POST /api/v1/datasets: bad contents', () => {
  it.each([
    ['an empty file', new Uint8Array(0), /empty \(0 bytes\)/],
    ['invalid UTF-8', Uint8Array.from([0x68, 0x69, 0xc0, 0xaf]), /bad\.txt \(text\): expected UTF-8 text, got an invalid byte sequence at byte 2 \(0xc0\)/],
    ['a NUL byte', utf8('one\ntwo\0'), /NUL character on line 2/],
    ['whitespace only', utf8('\uFEFF \r\n '), /holds no text/],
  ])('refuses %s with 400', async (_what, bytes, message) => {
    await refused(post('bad.txt', bytes), 400, 'file', message);
  });

  it('refuses one huge line and a vocabulary larger than the cap', async () => {
    limit = 5_000_000;
    await refused(post('line.txt', utf8('w'.repeat(MAX_UPLOAD_LINE_CHARS + 1))), 400, 'file', /line 1 is 1,000,001 characters long/);
    const alphabet = Array.from({ length: MAX_UPLOAD_ALPHABET + 1 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    await refused(post('chars.txt', utf8(alphabet)), 400, 'file', /more than 10,000 distinct characters/);
  });

  it('refuses a CSV without a text column and JSONL without a text field', async () => {
    await refused(post('a.csv', utf8('id,body\n1,x\n')), 400, 'file', /no column "text"/);
    await refused(post('a.jsonl', utf8('{"body":"x"}\n')), 400, 'file', /line 1 has no string field "text"/);
    await refused(post('deep.jsonl', utf8(`{"text":"x","d":${'['.repeat(100)}${']'.repeat(100)}}`)), 400, 'file', /nests deeper than 32/);
  });
});

describe('POST /api/v1/datasets: who may', () => {
  it('refuses a cross-site browser request', async () => {
    await refused(post('a.txt', utf8('text'), { headers: { origin: 'http://evil.example' } }), 403, 'origin', /refused: Origin http:\/\/evil\.example is not this dashboard/);
  });

  it('answers 401 and 403 from the role check', async () => {
    const authError = (status: 401 | 403, message: string) => Object.assign(new Error(message), { name: 'AuthError', status });
    caller = async () => {
      throw authError(401, 'sign in first');
    };
    await refused(post('a.txt', utf8('text')), 401, 'auth', /sign in first/);
    caller = async () => {
      throw authError(403, 'this needs the editor role; ann is a viewer');
    };
    await refused(post('a.txt', utf8('text')), 403, 'auth', /editor role/);
  });
});

describe('maxUploadBytes', () => {
  it('is RNNLAB_MAX_UPLOAD_BYTES, else 50 MB', () => {
    expect(describeLimit(DEFAULT_MAX_UPLOAD_BYTES)).toBe('50 MB (50,000,000 bytes)');
    expect(describeLimit(2500)).toBe('2.5 kB (2,500 bytes)');
    expect(maxUploadBytes({})).toBe(DEFAULT_MAX_UPLOAD_BYTES);
    expect(maxUploadBytes({ RNNLAB_MAX_UPLOAD_BYTES: '2048' })).toBe(2048);
    for (const bad of ['0', '-1', '1e6', 'lots', String(2 ** 40)]) expect(() => maxUploadBytes({ RNNLAB_MAX_UPLOAD_BYTES: bad })).toThrow(/RNNLAB_MAX_UPLOAD_BYTES/);
  });
});
