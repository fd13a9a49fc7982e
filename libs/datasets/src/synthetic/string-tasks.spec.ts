import { Rng } from '@rnnlab/random';
import { describe, expect, it } from 'vitest';
import { additionSpace, solveAddition } from './integer-addition';
import { sampleUnique } from './sample-unique';
import { reversalSpace, reverseString } from './string-reversal';

describe('string task generators', () => {
  it('draws distinct problems; enumerates small spaces completely', () => {
    const all = sampleUnique(1000, additionSpace(1), new Rng(1));
    expect(all.length).toBe(100);
    expect(new Set(all).size).toBe(100);
    const some = sampleUnique(500, reversalSpace(6), new Rng(1));
    expect(new Set(some).size).toBe(500);
    expect(some.every((s) => /^[a-z]{1,6}$/.test(s))).toBe(true);
  });

  it('solves addition exactly, beyond 2^53', () => {
    expect(solveAddition('123+45')).toBe('168');
    expect(solveAddition('999999999999999999+1')).toBe('1000000000000000000');
  });

  it('draws operands of 1..digits digits without leading zeros', () => {
    const space = additionSpace(4);
    const rng = new Rng(5);
    const lengths = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      for (const op of space.draw(rng).split('+')) {
        expect(op).toMatch(/^(0|[1-9][0-9]{0,3})$/);
        lengths.add(op.length);
      }
    }
    expect([...lengths].sort()).toEqual([1, 2, 3, 4]);
  });

  it('reverses by code point', () => {
    expect(reverseString('abc')).toBe('cba');
  });
});
