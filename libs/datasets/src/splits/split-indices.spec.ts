import { Rng } from '@rnnlab/random';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors/data-error';
import { splitCounts, splitIndices } from './split-indices';

describe('splitIndices', () => {
  it('partitions 0..n-1 into disjoint splits of the requested sizes', () => {
    const s = splitIndices(1000, { val: 0.1, test: 0.15 }, new Rng(3));
    expect([s.train.length, s.val.length, s.test.length]).toEqual([750, 100, 150]);
    const all = [...s.train, ...s.val, ...s.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('is a function of the rng seed', () => {
    const a = splitIndices(500, { val: 0.2, test: 0.2 }, new Rng(7));
    const b = splitIndices(500, { val: 0.2, test: 0.2 }, new Rng(7));
    const c = splitIndices(500, { val: 0.2, test: 0.2 }, new Rng(8));
    expect(b).toEqual(a);
    expect(c.val).not.toEqual(a.val);
  });

  it('rejects fractions that leave no training data, naming the argument', () => {
    expect(() => splitCounts(10, { val: 0.5, test: 0.5 })).toThrow(DataError);
    expect(() => splitCounts(10, { val: -0.1, test: 0 })).toThrow(/fractions\.val.*-0\.1/);
    expect(() => splitCounts(2, { val: 0.4, test: 0.4 })).toThrow(/at least one training example/);
  });
});
