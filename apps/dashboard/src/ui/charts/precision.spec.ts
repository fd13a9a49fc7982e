import { describe, expect, it } from 'vitest';
import { chartValues } from './precision';

describe('chartValues', () => {
  it('keeps 4 significant digits and leaves NaN, infinities and 0 alone', () => {
    expect(chartValues([0.123456789, 1234567.8, 1.0000001e-7, 0, Number.NaN, Infinity])).toEqual([0.1235, 1235000, 1e-7, 0, Number.NaN, Infinity]);
  });
});
