import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('crc32', () => {
  it('matches the published check values', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926); // the CRC-32/ISO-HDLC check value
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(utf8('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('continues over chunks as over their concatenation', () => {
    const all = utf8('rnnlab prepared dataset');
    expect(crc32(all.subarray(9), crc32(all.subarray(0, 9)))).toBe(crc32(all));
  });

  it('changes when one bit flips', () => {
    const a = utf8('abcdef');
    const b = a.slice();
    b[3] ^= 1;
    expect(crc32(b)).not.toBe(crc32(a));
  });
});
