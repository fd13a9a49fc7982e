import { describe, expect, it } from 'vitest';
import { logGamma } from './log-gamma';

describe('logGamma', () => {
  const cases: [number, number][] = [
    [1e-8, 18.42068073818021], // scipy: special.gammaln(1e-08)
    [0.5, 0.5723649429247], // scipy: special.gammaln(0.5)
    [1, 0.0], // scipy: special.gammaln(1)
    [1.5, -0.12078223763524526], // scipy: special.gammaln(1.5)
    [2, 0.0], // scipy: special.gammaln(2)
    [3.7, 1.428072326665388], // scipy: special.gammaln(3.7)
    [10, 12.801827480081469], // scipy: special.gammaln(10)
    [100.25, 360.28455963776423], // scipy: special.gammaln(100.25)
    [1e4, 82099.71749644238], // scipy: special.gammaln(10000.0)
    [1e7, 151180949.36947393], // scipy: special.gammaln(10000000.0)
  ];

  it('matches scipy gammaln to ~1e-15 · max(1, |ln Γ|)', () => {
    for (const [x, want] of cases) {
      expect(Math.abs(logGamma(x) - want), `gammaln(${x})`).toBeLessThan(2e-15 * Math.max(1, Math.abs(want)));
    }
  });

  it('satisfies Γ(x + 1) = x Γ(x)', () => {
    for (const x of [0.01, 0.3, 2.5, 17.25, 301]) {
      expect(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x))).toBeLessThan(1e-13 * Math.max(1, logGamma(x + 1)));
    }
  });

  it('throws a RangeError naming x', () => {
    expect(() => logGamma(0)).toThrow('expected a finite x > 0 in logGamma(), got 0');
    expect(() => logGamma(-1.5)).toThrow(RangeError);
    expect(() => logGamma(Number.NaN)).toThrow(RangeError);
  });
});
