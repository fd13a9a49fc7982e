import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../errors/data-error';
import { decodeTextCorpus, firstInvalidUtf8, readTextCorpus } from './text-file-source';

const dir = mkdtempSync(join(tmpdir(), 'rnnlab-datasets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Uint8Array | string) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

describe('readTextCorpus', () => {
  it('names the path of a missing file', async () => {
    const p = join(dir, 'nope.txt');
    await expect(readTextCorpus(p)).rejects.toThrow(DataError);
    await expect(readTextCorpus(p)).rejects.toThrow(`no such file "${p}"`);
  });

  it('rejects a directory', async () => {
    await expect(readTextCorpus(dir)).rejects.toThrow(/regular file/);
  });

  it('rejects an empty file and a file of only a BOM and whitespace', async () => {
    await expect(readTextCorpus(file('empty.txt', ''))).rejects.toThrow(/empty corpus/);
    await expect(readTextCorpus(file('bom.txt', '\uFEFF \r\n'))).rejects.toThrow(/empty corpus/);
  });

  it('rejects invalid UTF-8 and says where', async () => {
    const bytes = new Uint8Array([0x68, 0x69, 0xff, 0x21]);
    await expect(readTextCorpus(file('bad.txt', bytes))).rejects.toThrow(/invalid byte sequence at byte 2 \(0xff\)/);
  });

  it('strips a BOM and normalizes CRLF and CR to LF', async () => {
    const p = file('crlf.txt', '\uFEFFone\r\ntwo\rthree\n');
    expect(await readTextCorpus(p)).toBe('one\ntwo\nthree\n');
  });
});

describe('firstInvalidUtf8', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('accepts valid text including 4-byte sequences', () => {
    expect(firstInvalidUtf8(enc('aé€😀'))).toBe(-1);
  });
  it('finds overlong, surrogate, truncated and stray continuation bytes', () => {
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // U+D800
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xe2, 0x82]))).toBe(1); // truncated
    expect(firstInvalidUtf8(new Uint8Array([0x80]))).toBe(0);
  });
  it('agrees with the fatal TextDecoder through decodeTextCorpus', () => {
    expect(() => decodeTextCorpus(new Uint8Array([0x61, 0xe2, 0x28, 0xa1]), 'upload')).toThrow(/upload.*at byte 1/);
  });
});
