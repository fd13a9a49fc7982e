import { Rng } from '@rnnlab/random';
import { describe, expect, it } from 'vitest';
import { COPY_MEMORIZE, copyBaselineNats, copyBatch, copyLength } from '../synthetic/copy-memory';
import type { SequenceBatch } from '../types';
import { memorylessBaseline } from './memoryless';

const C = 3;

/** A tagging batch of target rows [B, T]; mask 1 unless given (inputs do not matter to the baseline). */
const batch = (targets: number[][], mask?: number[][]): SequenceBatch => {
  const B = targets.length;
  const T = targets[0].length;
  return {
    kind: 'tagging',
    tokens: new Int32Array(B * T),
    targets: Int32Array.from(targets.flat()),
    mask: mask ? Float32Array.from(mask.flat()) : new Float32Array(B * T).fill(1),
    shape: { B, T, V: C, C },
    continues: false,
  };
};

describe('memorylessBaseline', () => {
  it('fits one distribution per time step and matches a hand computation', () => {
    // train rows [0 1 2] [0 2 2]: step 0 {0: 2}, step 1 {1: 1, 2: 1}, step 2 {2: 2}; add-one over C = 3:
    // P_0(0) = 3/5, P_1(1) = P_1(2) = 2/5 (argmax 1, the lower id), P_2(2) = 3/5, P_2(0) = 1/5
    // val row [0 2 0]: -(ln 3/5 + ln 2/5 + ln 1/5) / 3; hits at steps 0 only
    const m = memorylessBaseline([batch([[0, 1, 2], [0, 2, 2]])], [batch([[0, 2, 0]])]);
    expect(m.memoryless_loss).toBeCloseTo(-(Math.log(3 / 5) + Math.log(2 / 5) + Math.log(1 / 5)) / 3, 12);
    expect(m.memoryless_accuracy).toBeCloseTo(1 / 3, 12);
  });

  it('counts only masked positions, in train and in val (the trainer`s loss positions)', () => {
    // the masked-out 1s neither count in train nor get scored in val
    const train = batch([[0, 1], [0, 0]], [[1, 0], [1, 1]]); // step 0 {0: 2}, step 1 {0: 1}
    const val = batch([[1, 0], [0, 1]], [[0, 1], [1, 0]]); // scored: step 1 y=0, step 0 y=0
    const m = memorylessBaseline([train], [val]);
    // P_1(0) = 2/4, P_0(0) = 3/5
    expect(m.memoryless_loss).toBeCloseTo(-(Math.log(2 / 4) + Math.log(3 / 5)) / 2, 12);
    expect(m.memoryless_accuracy).toBe(1);
  });

  it('falls back to the counts of all steps where train has no example of a step', () => {
    // train T = 1 {2: 2}; val step 1 is beyond it: pooled counts give P(2) = 3/5
    const m = memorylessBaseline([batch([[2], [2]])], [batch([[2, 2]])]);
    expect(m.memoryless_loss).toBeCloseTo(-Math.log(3 / 5), 12);
    expect(m.memoryless_accuracy).toBe(1);
  });

  it('scores the copy task at copyBaselineNats (blanks, then a uniform guess over 8 symbols)', () => {
    const lag = 5;
    const T = copyLength(lag);
    const rng = new Rng(3);
    const n = 4000;
    const m = memorylessBaseline([copyBatch(rng, n, lag)], [copyBatch(rng, 1000, lag)]);
    // add-one smoothing costs ln((n + C) / (n + 1)) ~ 2e-3 nats on each blank step; sampling a little more
    expect(Math.abs(m.memoryless_loss - copyBaselineNats(lag))).toBeLessThan(3e-3);
    // blanks right, then 1 in 8 symbols right
    expect(m.memoryless_accuracy).toBeCloseTo((T - COPY_MEMORIZE + COPY_MEMORIZE / 8) / T, 2);
  });

  it('is empty when train or val has no masked position', () => {
    expect(memorylessBaseline([], [batch([[0]])])).toEqual({});
    expect(memorylessBaseline([batch([[0]], [[0]])], [batch([[0]])])).toEqual({});
    expect(memorylessBaseline([batch([[0]])], [batch([[0]], [[0]])])).toEqual({});
  });

  it('rejects target ids outside [0, C)', () => {
    expect(() => memorylessBaseline([batch([[0]])], [batch([[3]])])).toThrow(
      'expected val target ids in [0, 3) in memorylessBaseline(), got 3',
    );
  });
});
