import { describe, expect, it } from 'vitest';
import { SmoothedCounts } from './smoothed-counts';

describe('SmoothedCounts', () => {
  it('gives the add-one distribution of weighted counts', () => {
    const s = new SmoothedCounts(4, 'test()');
    s.add(1);
    s.add(1, 0.5);
    s.add(3, 2);
    // c = [0, 1.5, 0, 2], n = 3.5, P(y) = (c + 1) / 7.5
    expect(s.total).toBe(3.5);
    expect([...s.nats()].map((x) => Math.exp(-x))).toEqual(
      [1, 2.5, 1, 3].map((c) => expect.closeTo(c / 7.5, 12) as unknown as number),
    );
    const sum = [...s.nats()].reduce((a, x) => a + Math.exp(-x), 0);
    expect(sum).toBeCloseTo(1, 12);
    expect(s.argmax()).toBe(3);
  });

  it('is uniform with no counts and breaks ties towards the lowest id', () => {
    const s = new SmoothedCounts(5, 'test()');
    expect([...s.nats()]).toEqual(new Array(5).fill(Math.log(5)));
    expect(s.argmax()).toBe(0);
    s.add(4);
    s.add(2);
    expect(s.argmax()).toBe(2);
  });

  it('names the caller and the value on bad input', () => {
    expect(() => new SmoothedCounts(0, 'unigramBaseline()')).toThrow('expected V to be a positive integer in unigramBaseline(), got 0');
    const s = new SmoothedCounts(3, 'unigramBaseline()');
    expect(() => s.add(3)).toThrow('expected ids in [0, 3) in unigramBaseline(), got 3');
    expect(() => s.add(-1)).toThrow(/got -1/);
  });
});
