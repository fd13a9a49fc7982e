import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BinaryHeap } from './binary-heap';

describe('BinaryHeap', () => {
  it('pops in the order of its predicate (checked against Array.sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), (xs) => {
        const heap = new BinaryHeap<number>((x, y) => x > y);
        xs.forEach((x) => heap.push(x));
        expect(heap.size).toBe(xs.length);
        const out: number[] = [];
        for (let x = heap.pop(); x !== undefined; x = heap.pop()) out.push(x);
        expect(out).toEqual([...xs].sort((a, b) => b - a));
      }),
    );
  });
});
