import { describe, expect, it } from 'vitest';
import { groupCurves } from './curves';

const pts = (steps: number[], values: number[]) => steps.map((step, i) => ({ step, min: values[i], max: values[i], last: values[i], n: 1 }));

describe('groupCurves', () => {
  it('averages a group over its runs with a band of one sd', () => {
    const [c] = groupCurves([
      { runId: 'a', group: 'gru', points: pts([100, 200], [1, 0.5]) },
      { runId: 'b', group: 'gru', points: pts([100, 200], [3, 0.5]) },
    ]);
    expect(c.steps).toEqual([100, 200]);
    expect(c.mean).toEqual([2, 0.5]);
    // sample sd of {1, 3} is sqrt(2)
    expect(c.high[0] - c.mean[0]).toBeCloseTo(Math.SQRT2, 12);
    expect(c.low[1]).toBe(0.5);
  });

  it('keeps groups apart and drops steps fewer than half the runs reached', () => {
    const curves = groupCurves([
      { runId: 'a', group: 'rnn', points: pts([100, 200, 300], [1, 1, 1]) },
      { runId: 'b', group: 'rnn', points: pts([100], [2]) },
      { runId: 'c', group: 'rnn', points: pts([100], [3]) },
      { runId: 'd', group: 'lstm', points: pts([100], [9]) },
    ]);
    expect(curves.map((c) => c.group)).toEqual(['rnn', 'lstm']);
    expect(curves[0].steps).toEqual([100]);
    expect(curves[0].mean[0]).toBe(2);
    expect(curves[1].mean).toEqual([9]);
  });

  it('ignores NaN points (a diverged step)', () => {
    const [c] = groupCurves([{ runId: 'a', group: 'rnn', points: pts([1, 2], [Number.NaN, 4]) }]);
    expect(c.steps).toEqual([2]);
  });
});
