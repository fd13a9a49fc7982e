import { describe, expect, it } from 'vitest';
import { Rng } from '@rnnlab/random';
import { ashaDecision, ashaRungs } from './asha';

describe('ashaRungs', () => {
  it('grows by eta below the step count', () => {
    expect(ashaRungs(200, 3, 1800)).toEqual([200, 600]);
    expect(ashaRungs(100, 2, 1000)).toEqual([100, 200, 400, 800]);
    expect(() => ashaRungs(0, 3, 10)).toThrow(/minSteps/);
    expect(() => ashaRungs(5, 1, 10)).toThrow(/eta/);
  });
});

describe('ashaDecision', () => {
  it('keeps the first arrival and the top 1/eta after it', () => {
    expect(ashaDecision(0.5, [], 3)).toBe('continue');
    expect(ashaDecision(0.6, [0.5], 3)).toBe('stop');
    expect(ashaDecision(0.4, [0.5], 3)).toBe('continue');
    // 6 at the rung: the best 2 go on
    expect(ashaDecision(0.2, [0.1, 0.5, 0.6, 0.7, 0.8], 3)).toBe('continue');
    expect(ashaDecision(0.3, [0.1, 0.2, 0.6, 0.7, 0.8], 3)).toBe('stop');
  });

  it('on a synthetic sweep with known outcomes, stops the losers and keeps the winner', () => {
    // 16 trials whose metric at every rung is their quality plus noise that shrinks with training;
    // trial 0 is the best, and arrivals come in a shuffled order
    const rng = new Rng(5);
    const quality = Array.from({ length: 16 }, (_, i) => 0.01 + 0.01 * i);
    const order = rng.shuffle([...quality.keys()]);
    const rungs = ashaRungs(100, 3, 2000); // 100, 300, 900
    const alive = new Set(order);
    const stoppedAt = new Map<number, number>();
    for (const step of rungs) {
      const recorded: number[] = [];
      for (const t of order) {
        if (!alive.has(t)) continue;
        const v = quality[t] * (1 + (0.2 * (rng.next() - 0.5)) / Math.sqrt(step / 100));
        if (ashaDecision(v, recorded, 3) === 'stop') {
          alive.delete(t);
          stoppedAt.set(t, step);
        }
        recorded.push(v);
      }
    }
    expect(alive.has(0)).toBe(true); // the best trial trains to the end
    expect(stoppedAt.size).toBeGreaterThanOrEqual(8); // at least half stop early
    expect(alive.size).toBeLessThanOrEqual(4);
  });

  it('gives the decisions worked out by hand for a fixed arrival order', () => {
    // trial i scores i (lower is better); eta 3; rungs 100 and 300; arrivals in this order at each rung
    const order = [5, 2, 7, 0, 6, 1, 4, 3, 8];
    const alive = new Set(order);
    const stopped: string[] = [];
    for (const step of [100, 300]) {
      const recorded: number[] = [];
      for (const t of order.filter((x) => alive.has(x))) {
        if (ashaDecision(t, recorded, 3) === 'stop') {
          alive.delete(t);
          stopped.push(`${t}@${step}`);
        }
        recorded.push(t);
      }
    }
    // rung 100: 5 first (goes on), 2 best of 2, 7 third of 3, 0 best of 4, 6 fourth of 5, 1 second of 6 (top 2),
    // 4 and 3 fourth of 7 and 8 (top 2), 8 last of 9 (top 3); rung 300: 5, 2, 0 each best so far, 1 second of 4 (top 1)
    expect(stopped).toEqual(['7@100', '6@100', '4@100', '3@100', '8@100', '1@300']);
    expect([...alive]).toEqual([5, 2, 0]);
  });
});
