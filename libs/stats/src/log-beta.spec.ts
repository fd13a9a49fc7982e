import { describe, expect, it } from 'vitest';
import { logBeta } from './log-beta';
import { logGamma } from './log-gamma';

describe('logBeta', () => {
  // 40-digit references: scipy's special.betaln itself sums ln Γ and is off by 3e-13 at (500, 0.5)
  // and 2e-10 at (5e5, 0.5), the very cancellation logBeta avoids.
  const cases: [number, number, number][] = [
    [2, 3, -2.4849066497880004], // mpmath (mp.dps = 40): float(log(beta(2, 3)))
    [0.5, 0.5, 1.1447298858494002], // mpmath (mp.dps = 40): float(log(beta(0.5, 0.5)))
    [0.3, 25, 0.13434620934580474], // mpmath (mp.dps = 40): float(log(beta(0.3, 25)))
    [15, 40, -32.49713081981304], // mpmath (mp.dps = 40): float(log(beta(15, 40)))
    [500, 0.5, -2.5346891063280625], // mpmath (mp.dps = 40): float(log(beta(500, 0.5)))
    [5e5, 0.5, -5.988816495777464], // mpmath (mp.dps = 40): float(log(beta(5e5, 0.5)))
    [1e4, 2e4, -19098.90853822089], // mpmath (mp.dps = 40): float(log(beta(1e4, 2e4)))
  ];

  it('matches 40-digit values to ~1e-15 · max(1, |ln B|), in either argument order', () => {
    for (const [a, b, want] of cases) {
      expect(Math.abs(logBeta(a, b) - want), `log(beta(${a}, ${b}))`).toBeLessThan(4e-15 * Math.max(1, Math.abs(want)));
      expect(logBeta(b, a)).toBe(logBeta(a, b));
    }
  });

  it('beats the plain ln Γ sum for large a by orders of magnitude (the reason it exists)', () => {
    const want = -5.988816495777464; // mpmath (mp.dps = 40): float(log(beta(5e5, 0.5)))
    const naive = logGamma(5e5) + logGamma(0.5) - logGamma(5e5 + 0.5);
    expect(Math.abs(logBeta(5e5, 0.5) - want) * 100).toBeLessThan(Math.abs(naive - want));
  });
});
