import { describe, expect, it } from 'vitest';
import { regularizedIncompleteBeta } from './incomplete-beta';
import { relativeError } from './testing/relative-error';

describe('regularizedIncompleteBeta', () => {
  const cases: [number, number, number, number][] = [
    [0.5, 2, 3, 0.6875], // scipy: special.betainc(2, 3, 0.5)
    [0.1, 0.5, 0.5, 0.20483276469913345], // scipy: special.betainc(0.5, 0.5, 0.1)
    [0.999, 5, 0.5, 0.9222819921009667], // scipy: special.betainc(5, 0.5, 0.999)
    [0.99, 500, 0.5, 0.0015273578790529906], // scipy: special.betainc(500, 0.5, 0.99)
    [1e-5, 0.05, 2, 0.5904581102792039], // scipy: special.betainc(0.05, 2, 1e-05)
    [0.25, 3.3, 7.1, 0.346875056994145], // scipy: special.betainc(3.3, 7.1, 0.25)
    [0.9, 1.5, 0.5, 0.6041813035905921], // scipy: special.betainc(1.5, 0.5, 0.9)
  ];

  it('matches scipy betainc on both sides of the (a + 1)/(a + b + 2) switch', () => {
    for (const [x, a, b, want] of cases) {
      expect(relativeError(regularizedIncompleteBeta(x, a, b), want), `betainc(${a}, ${b}, ${x})`).toBeLessThan(1e-13);
    }
  });

  it('satisfies I_x(a, b) + I_{1−x}(b, a) = 1 and has the right ends', () => {
    for (const [x, a, b] of [[0.3, 2.5, 7], [0.8, 0.4, 0.9], [0.05, 40, 3]]) {
      expect(Math.abs(regularizedIncompleteBeta(x, a, b) + regularizedIncompleteBeta(1 - x, b, a) - 1)).toBeLessThan(1e-14);
    }
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('uses the given y = 1 − x instead of re-forming it', () => {
    // I_x(1, ½) = 1 − √(1 − x) = 1 − √y; x = 1 − 1e-20 rounds to 1, so only y carries the 1e-10
    const y = 1e-20;
    expect(relativeError(1 - regularizedIncompleteBeta(1 - y, 1, 0.5, y), 1e-10)).toBeLessThan(1e-5);
    expect(regularizedIncompleteBeta(1 - y, 1, 0.5)).toBe(1);
  });
});
