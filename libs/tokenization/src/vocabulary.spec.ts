import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareCodePoints, rankByCount, Vocabulary } from './vocabulary';
import { SPECIAL_TOKENS, UNK_ID } from './tokenizer';

// trusted reference: compare arrays of code points
function referenceCompare(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) as number), y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

describe('compareCodePoints', () => {
  it('orders like a code point by code point comparison', () => {
    const str = fc.string({ unit: fc.constantFrom('a', 'z', '\uE000', '\uFFFF', '🙂', '𝄞', 'é'), maxLength: 6 });
    fc.assert(
      fc.property(str, str, (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(referenceCompare(a, b)));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(referenceCompare(a, b)));
      }),
    );
  });
  it('puts U+E000 before an astral character (UTF-16 order would not)', () => {
    expect('\uE000' < '🙂').toBe(false);
    expect(compareCodePoints('\uE000', '🙂')).toBeLessThan(0);
  });
});

describe('rankByCount', () => {
  it('sorts by count, then code points, filters by minCount and caps', () => {
    const counts = new Map([['d', 2], ['b', 3], ['a', 2], ['c', 1]]);
    expect(rankByCount(counts, Infinity)).toEqual(['b', 'a', 'd', 'c']);
    expect(rankByCount(counts, 2)).toEqual(['b', 'a']);
    expect(rankByCount(counts, Infinity, 2)).toEqual(['b', 'a', 'd']);
    expect(rankByCount(counts, 0)).toEqual([]);
  });
});

describe('Vocabulary', () => {
  it('puts the specials first, skips duplicates and maps unknowns to <unk>', () => {
    const v = new Vocabulary(['x', 'y', 'x']);
    expect(v.toJSON()).toEqual([...SPECIAL_TOKENS, 'x', 'y']);
    expect(v.id('y')).toBe(5);
    expect(v.id('nope')).toBe(UNK_ID);
    expect(v.get('nope')).toBeUndefined();
    expect(v.add('x')).toBe(4);
  });
  it('names the id, the size and the caller for an id out of range', () => {
    const v = new Vocabulary(['x']);
    expect(() => v.token(5, 'f()')).toThrow('id 5 out of range in f(): vocabulary has 5 tokens (valid ids 0..4)');
    expect(() => v.token(-1, 'f()')).toThrow(RangeError);
    expect(() => v.token(1.5, 'f()')).toThrow(/id 1\.5 out of range/);
  });
  it('validates serialized vocabularies', () => {
    expect(Vocabulary.fromJSON([...SPECIAL_TOKENS, 'a'], 'g()').toJSON()).toEqual([...SPECIAL_TOKENS, 'a']);
    expect(() => Vocabulary.fromJSON('abc', 'g()')).toThrow(/json\.vocab to be an array in g\(\), got "abc"/);
    expect(() => Vocabulary.fromJSON(['<unk>', '<pad>'], 'g()')).toThrow(/json\.vocab\[0\] to be "<pad>" in g\(\), got "<unk>"/);
    expect(() => Vocabulary.fromJSON([...SPECIAL_TOKENS, 'a', 'a'], 'g()')).toThrow(/duplicate token json\.vocab\[5\]/);
    expect(() => Vocabulary.fromJSON([...SPECIAL_TOKENS, 7], 'g()')).toThrow(/json\.vocab\[4\] to be a non-empty string in g\(\), got 7/);
  });
});
