import { describe, expect, it } from 'vitest';
import { DataError } from '../errors/data-error';
import { ArraySectionReader, ArraySectionWriter, dtypeFor } from './array-section';

describe('ArraySectionWriter / ArraySectionReader', () => {
  it('stores values below 65536 as u16 and larger ones as i32, each 4-byte aligned', () => {
    expect(dtypeFor(65536)).toBe('u16');
    expect(dtypeFor(65537)).toBe('i32');
    const w = new ArraySectionWriter();
    const small = Int32Array.of(0, 65535, 7); // 6 bytes, padded to 8
    const big = Int32Array.of(65536, 2 ** 31 - 1, 0);
    const empty = new Int32Array(0);
    const refs = [w.put(small, 65536, 'small'), w.put(big, 2 ** 31, 'big'), w.put(empty, 10, 'empty')];
    expect(refs).toEqual([
      { dtype: 'u16', offset: 0, length: 3 },
      { dtype: 'i32', offset: 8, length: 3 },
      { dtype: 'u16', offset: 20, length: 0 },
    ]);
    const bytes = w.bytes();
    expect(bytes.length).toBe(20);
    expect([...bytes.subarray(0, 8)]).toEqual([0, 0, 0xff, 0xff, 7, 0, 0, 0]); // little-endian, zero padding
    const r = new ArraySectionReader(bytes);
    expect(r.read(refs[0], 'small', 65536)).toEqual(small);
    expect(r.read(refs[1], 'big', 2 ** 31)).toEqual(big);
    expect(r.read(refs[2], 'empty', 10)).toEqual(empty);
  });

  it('reads from an unaligned view of the section', () => {
    const w = new ArraySectionWriter();
    const ref = w.put(Int32Array.of(1, 2, 3, 100_000), 200_000, 'ids');
    const shifted = new Uint8Array(w.bytes().length + 1);
    shifted.set(w.bytes(), 1);
    expect(new ArraySectionReader(shifted.subarray(1)).read(ref, 'ids', 200_000)).toEqual(Int32Array.of(1, 2, 3, 100_000));
  });

  it('refuses values outside their bound on both sides, naming where', () => {
    const w = new ArraySectionWriter();
    expect(() => w.put(Int32Array.of(1, 5, 2), 5, 'the train token stream')).toThrow(
      'cannot encode the train token stream: value 5 at index 1 is outside [0, 5)',
    );
    expect(() => w.put(Int32Array.of(-1), 5, 'labels')).toThrow(DataError);
    const ref = w.put(Int32Array.of(3, 9), 10, 'ids');
    expect(() => new ArraySectionReader(w.bytes()).read(ref, 'header.args.x', 9)).toThrow(
      'corrupt data: header.args.x[1] is 9, outside [0, 9)',
    );
  });

  it('refuses references that are malformed or point outside the section', () => {
    const r = new ArraySectionReader(new Uint8Array(8));
    const bad = [null, { dtype: 'f64', offset: 0, length: 1 }, { dtype: 'u16', offset: 2, length: 1 }, { dtype: 'i32', offset: 0, length: -1 }];
    for (const ref of bad) expect(() => r.read(ref, 'header.args.s', 10)).toThrow(/corrupt header: expected header\.args\.s to be an array reference/);
    expect(() => r.read({ dtype: 'i32', offset: 4, length: 2 }, 'header.args.s', 10)).toThrow(
      'corrupt header: header.args.s points at bytes [4, 12) of a 8-byte data section',
    );
  });
});
