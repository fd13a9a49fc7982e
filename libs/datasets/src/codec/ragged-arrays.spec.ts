import { describe, expect, it } from 'vitest';
import { ArraySectionReader, ArraySectionWriter } from './array-section';
import { putRagged, readRagged } from './ragged-arrays';

describe('putRagged / readRagged', () => {
  it('round-trips sequences of any length, empty ones and an empty list included', () => {
    const w = new ArraySectionWriter();
    const seqs = [Int32Array.of(4, 5, 6), new Int32Array(0), Int32Array.of(7), Int32Array.of(8, 9)];
    const a = putRagged(w, seqs, 10, 'src');
    const b = putRagged(w, [], 10, 'none');
    const r = new ArraySectionReader(w.bytes());
    expect(readRagged(r, a, 'a', 10)).toEqual(seqs);
    expect(readRagged(r, b, 'b', 10)).toEqual([]);
  });

  it('refuses offsets that do not cover the ids in order', () => {
    const w = new ArraySectionWriter();
    const flat = w.put(Int32Array.of(1, 2, 3), 10, 'flat');
    const cases: [Int32Array, RegExp][] = [
      [Int32Array.of(0, 2), /a\.offsets must run from 0 to 3 \(the ids stored\), got 0 \.\. 2/],
      [Int32Array.of(1, 3), /got 1 \.\. 3/],
      [Int32Array.of(0, 2, 1, 3), /a\.offsets decrease at 2 \(2 then 1\)/],
    ];
    const refs = cases.map(([o]) => w.put(o, 4, 'offsets'));
    const r = new ArraySectionReader(w.bytes());
    cases.forEach(([, message], i) => expect(() => readRagged(r, { flat, offsets: refs[i] }, 'a', 10)).toThrow(message));
  });
});
