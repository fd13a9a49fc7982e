import { Rng } from '@rnnlab/random';
import { describe, expect, it } from 'vitest';
import { COPY_BLANK, COPY_DELIMITER, copyBaselineNats, copyBatch, copyLength } from './copy-memory';

describe('copyBatch', () => {
  it('lays out symbols, lag blanks, delimiter, blanks; targets recall the symbols at the end', () => {
    const lag = 5;
    const B = 50;
    const T = copyLength(lag);
    expect(T).toBe(26);
    const { tokens, targets, mask, recallMask, shape, kind } = copyBatch(new Rng(2), B, lag);
    expect(kind).toBe('tagging');
    expect(shape).toEqual({ B, T, V: 10, C: 10 });
    expect([...mask].every((m) => m === 1)).toBe(true);
    for (let b = 0; b < B; b++) {
      const row = [...tokens.subarray(b * T, (b + 1) * T)];
      const tgt = [...targets.subarray(b * T, (b + 1) * T)];
      const symbols = row.slice(0, 10);
      expect(symbols.every((s) => s >= 1 && s <= 8)).toBe(true);
      expect(row.slice(10, 10 + lag).every((s) => s === COPY_BLANK)).toBe(true);
      expect(row[10 + lag]).toBe(COPY_DELIMITER);
      expect(row.slice(11 + lag).every((s) => s === COPY_BLANK)).toBe(true);
      expect(tgt.slice(0, T - 10).every((s) => s === COPY_BLANK)).toBe(true);
      expect(tgt.slice(T - 10)).toEqual(symbols);
      // the recall mask marks exactly the steps that must reproduce the symbols
      expect([...(recallMask as Float32Array).subarray(b * T, (b + 1) * T)]).toEqual([...new Array<number>(T - 10).fill(0), ...new Array<number>(10).fill(1)]);
    }
  });

  it('states the memoryless baseline of Arjovsky et al. (10 ln 8 / (T + 20) with their T = lag + 1)', () => {
    expect(copyBaselineNats(99)).toBeCloseTo((10 * Math.log(8)) / 120, 12);
  });
});
