import { describe, expect, it } from 'vitest';
import { bigramBitsPerToken } from './bigram';

const alternating = (n: number) => Int32Array.from({ length: n }, (_, i) => i % 2);

describe('bigramBitsPerToken', () => {
  it('is near 0 bits on a perfectly predictable stream', () => {
    // P(b|a) = (c+1)/(c+2) with c ~ 5000: about 3e-4 bits
    const bits = bigramBitsPerToken(alternating(10_000), alternating(1000), 2);
    expect(bits).toBeGreaterThan(0);
    expect(bits).toBeLessThan(0.001);
  });

  it('equals log2 V with no training data (uniform smoothing)', () => {
    expect(bigramBitsPerToken(new Int32Array(0), Int32Array.from([0, 3, 1, 2]), 8)).toBeCloseTo(3, 12);
  });

  it('matches a hand computation', () => {
    // train pairs: 0->1, 1->0, 0->1: c(0,1)=2, c(0)=2, c(1,0)=1, c(1)=1; V=2, alpha=1
    // eval 0->1: (2+1)/(2+2) = 3/4; 1->1: (0+1)/(1+2) = 1/3
    const expected = -(Math.log2(3 / 4) + Math.log2(1 / 3)) / 2;
    expect(bigramBitsPerToken(Int32Array.from([0, 1, 0, 1]), Int32Array.from([0, 1, 1]), 2)).toBeCloseTo(expected, 12);
  });

  it('rejects ids outside the vocabulary', () => {
    expect(() => bigramBitsPerToken(Int32Array.from([0, 5]), Int32Array.from([0, 1]), 2)).toThrow(
      /train ids in \[0, 2\).*got 5 at index 1/,
    );
  });
});
