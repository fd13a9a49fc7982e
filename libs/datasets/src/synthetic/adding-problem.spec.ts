import { Rng } from '@rnnlab/random';
import { describe, expect, it } from 'vitest';
import { addingBatch } from './adding-problem';

describe('addingBatch', () => {
  const B = 4000;
  const T = 30;
  const { x, y, shape } = addingBatch(new Rng(11), B, T);

  it('has the declared shape', () => {
    expect(shape).toEqual({ B, T, I: 2, O: 1 });
    expect(x.length).toBe(B * T * 2);
    expect(y.length).toBe(B);
  });

  it('marks exactly one step in each half and targets the sum of the marked values', () => {
    const problems: string[] = []; // collected, so 120 000 checks cost one expect
    for (let b = 0; b < B; b++) {
      const marked: number[] = [];
      let sum = 0;
      for (let t = 0; t < T; t++) {
        const v = x[(b * T + t) * 2];
        const m = x[(b * T + t) * 2 + 1];
        if (!(v >= 0 && v < 1)) problems.push(`value ${v} at [${b}, ${t}]`);
        if (m !== 0 && m !== 1) problems.push(`marker ${m} at [${b}, ${t}]`);
        if (m === 1) {
          marked.push(t);
          sum += v;
        }
      }
      if (marked.length !== 2 || marked[0] >= T / 2 || marked[1] < T / 2) problems.push(`markers ${marked} in row ${b}`);
      if (Math.abs(y[b] - sum) > 1e-6) problems.push(`target ${y[b]} != ${sum} in row ${b}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('has target mean 1 and variance 1/6', () => {
    const mean = y.reduce((a, v) => a + v, 0) / B;
    const variance = y.reduce((a, v) => a + (v - mean) ** 2, 0) / B;
    // standard error of the mean: sqrt(1/6 / 4000) ~ 0.0065
    expect(Math.abs(mean - 1)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1 / 6)).toBeLessThan(0.02);
  });

  it('places markers over every position of each half', () => {
    const seen = new Set<number>();
    for (let i = 1; i < x.length; i += 2) if (x[i] === 1) seen.add(Math.floor(i / 2) % T);
    expect(seen.size).toBe(T);
  });
});
