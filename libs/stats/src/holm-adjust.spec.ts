import { describe, expect, it } from 'vitest';
import { holmAdjust } from './holm-adjust';

// statsmodels is not installed; values by hand, p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1) p₍ⱼ₎).
describe('holmAdjust', () => {
  it('multiplies the sorted p-values by m, m − 1, … and returns them in input order', () => {
    // sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max so far 0.06
    const got = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    const want = [0.03, 0.06, 0.06, 0.02];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
  });

  it('keeps the adjusted values monotone in the raw ones and caps them at 1', () => {
    // sorted 0.02·3 = 0.06, 0.021·2 = 0.042 → 0.06 (monotone), 0.9·1 = 0.9
    const got = holmAdjust([0.9, 0.021, 0.02]);
    [0.9, 0.06, 0.06].forEach((w, i) => expect(got[i]).toBeCloseTo(w, 15));
    // 0.5·2 = 1, 0.6·1 = 0.6 → 1
    expect(holmAdjust([0.6, 0.5])).toEqual([1, 1]);
  });

  it('leaves one p-value alone, returns [] for none, and gives ties the same value', () => {
    expect(holmAdjust([0.037])).toEqual([0.037]);
    expect(holmAdjust([])).toEqual([]);
    // 0.01·3 = 0.03, 0.01·2 = 0.02 → 0.03, 0.2·1 = 0.2
    const got = holmAdjust([0.01, 0.2, 0.01]);
    expect(got[0]).toBe(got[2]);
    expect(got[0]).toBeCloseTo(0.03, 15);
    expect(got[1]).toBeCloseTo(0.2, 15);
  });

  it('throws a RangeError naming the bad entry', () => {
    expect(() => holmAdjust([0.1, 1.5])).toThrow('expected p-values in [0, 1] in holmAdjust(), got pValues[1] = 1.5');
    expect(() => holmAdjust([Number.NaN])).toThrow('expected p-values in [0, 1] in holmAdjust(), got pValues[0] = NaN');
    expect(() => holmAdjust([-0.01])).toThrow(RangeError);
  });
});
