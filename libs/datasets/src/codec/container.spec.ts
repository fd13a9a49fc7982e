import { describe, expect, it } from 'vitest';
import { DataError } from '../errors/data-error';
import { readContainer, writeContainer } from './container';
import { crc32 } from './crc32';
import { DATASET_FORMAT_VERSION, PRELUDE_BYTES } from './format';

const header = { z: 'last key', a: [1, 2, 3], name: 'naïve 🙂' };
const data = Uint8Array.from({ length: 12 }, (_, i) => i + 1);
const sealed = () => writeContainer(header, data);
const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);

describe('writeContainer / readContainer', () => {
  it('lays out magic, version, lengths and checksum as format.ts documents', () => {
    const b = sealed();
    const json = new TextEncoder().encode('{"a":[1,2,3],"name":"naïve 🙂","z":"last key"}');
    const dataStart = Math.ceil((PRELUDE_BYTES + json.length) / 4) * 4;
    expect(new TextDecoder().decode(b.subarray(0, 8))).toBe('RNNLABDS');
    expect(u32(b, 8)).toBe(DATASET_FORMAT_VERSION);
    expect(u32(b, 12)).toBe(json.length);
    expect(new DataView(b.buffer).getBigUint64(16, true)).toBe(BigInt(dataStart + 12));
    expect(u32(b, 28)).toBe(0);
    expect(b.subarray(PRELUDE_BYTES, PRELUDE_BYTES + json.length)).toEqual(json);
    expect(b.subarray(PRELUDE_BYTES + json.length, dataStart).every((x) => x === 0)).toBe(true); // padding
    expect(b.subarray(dataStart)).toEqual(data);
    const zeroed = b.slice();
    zeroed.fill(0, 24, 28);
    expect(u32(b, 24)).toBe(crc32(zeroed));
  });

  it('reads back the header and the data, also from an unaligned view', () => {
    const b = sealed();
    expect(readContainer(b)).toEqual({ header, data });
    const shifted = new Uint8Array(b.length + 3);
    shifted.set(b, 3);
    expect(readContainer(shifted.subarray(3))).toEqual({ header, data });
    expect(sealed()).toEqual(b); // deterministic
  });

  it('names what is wrong, in order: type, magic, prelude, version, length, checksum', () => {
    const b = sealed();
    const n = b.length;
    const edit = (f: (c: Uint8Array, v: DataView) => void) => {
      const c = b.slice();
      f(c, new DataView(c.buffer));
      return c;
    };
    const cases: [unknown, RegExp | string][] = [
      [new ArrayBuffer(8), 'expected bytes to be a Uint8Array in decodeDataset(), got ArrayBuffer'],
      [new Uint8Array(0), 'not an rnnlab prepared dataset (0 bytes)'],
      [new TextEncoder().encode('{"json": true}'), 'not an rnnlab prepared dataset (bad magic)'],
      [edit((c) => (c[3] = 0x61)), 'not an rnnlab prepared dataset (bad magic)'],
      [b.subarray(0, 5), `truncated: got 5 bytes, fewer than the ${PRELUDE_BYTES}-byte prelude of a prepared dataset`],
      [b.subarray(0, 20), `truncated: got 20 bytes, fewer than the ${PRELUDE_BYTES}-byte prelude of a prepared dataset`],
      [edit((_, v) => v.setUint32(8, 7, true)), `format version 7 is newer than this rnnlab reads (${DATASET_FORMAT_VERSION})`],
      [edit((_, v) => v.setUint32(8, 0, true)), /format version 0 is older than this rnnlab reads \(1\): prepare the dataset again/],
      [b.subarray(0, n - 5), `truncated: header says ${n} bytes, got ${n - 5}`],
      [Uint8Array.from([...b, 0, 0, 0, 0]), `trailing bytes: header says ${n} bytes, got ${n + 4}`],
      [edit((_, v) => v.setUint32(28, 1, true)), 'corrupt prelude: reserved field is 1, expected 0'],
      [edit((c) => (c[n - 1] ^= 0x10)), /^corrupt: checksum mismatch \(stored crc32 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)$/],
      [edit((c) => (c[PRELUDE_BYTES + 2] ^= 0x01)), /checksum mismatch/],
    ];
    for (const [input, message] of cases) {
      const run = () => readContainer(input as Uint8Array);
      expect(run).toThrow(DataError);
      expect(run).toThrow(message);
    }
  });

  it('reports a bad header that a faulty writer sealed with a valid checksum', () => {
    const b = sealed();
    const c = b.slice();
    const v = new DataView(c.buffer);
    v.setUint32(12, v.getUint32(12, true) - 1, true); // header cut by one byte: invalid JSON
    v.setUint32(24, 0, true);
    v.setUint32(24, crc32(c), true);
    expect(() => readContainer(c)).toThrow(/^corrupt header: /);
    v.setUint32(12, 1_000_000, true);
    v.setUint32(24, 0, true);
    v.setUint32(24, crc32(c), true);
    expect(() => readContainer(c)).toThrow(/corrupt prelude: header length 1000000 does not fit/);
  });
});
