import { describe, expect, it } from 'vitest';
import type { ClassificationBatch } from '../types';
import { classPriorBaseline } from './class-prior';

/** A classification batch of labels (one token per example: the baseline ignores the input). */
const batch = (labels: number[], C = 3): ClassificationBatch => ({
  kind: 'classification',
  tokens: new Int32Array(labels.length),
  mask: new Float32Array(labels.length).fill(1),
  labels: Int32Array.from(labels),
  shape: { B: labels.length, T: 1, V: 4, C },
});

describe('classPriorBaseline', () => {
  it('matches a hand computation', () => {
    // train counts [2, 1, 0], n = 3, C = 3: P = [3, 2, 1] / 6; majority class 0
    // val [0, 2] [1, 0]: 2 of 4 are class 0; loss = (ln 2 + ln 6 + ln 3 + ln 2) / 4
    const m = classPriorBaseline([batch([0, 1]), batch([0])], [batch([0, 2]), batch([1, 0])]);
    expect(m.majority_accuracy).toBe(0.5);
    expect(m.prior_loss).toBeCloseTo((2 * Math.log(2) + Math.log(6) + Math.log(3)) / 4, 12);
  });

  it('predicts the lowest class id on a tie', () => {
    const m = classPriorBaseline([batch([2, 1])], [batch([1, 1, 2, 0])]);
    expect(m.majority_accuracy).toBe(0.5);
  });

  it('is ln C when train holds one example of every class', () => {
    expect(classPriorBaseline([batch([0, 1, 2])], [batch([2, 0])]).prior_loss).toBeCloseTo(Math.log(3), 12);
  });

  it('is empty when train or val holds no example', () => {
    expect(classPriorBaseline([], [batch([0])])).toEqual({});
    expect(classPriorBaseline([batch([0])], [])).toEqual({});
  });

  it('rejects labels outside [0, C) and a changing class count', () => {
    expect(() => classPriorBaseline([batch([0])], [batch([3])])).toThrow(
      'expected val labels in [0, 3) in classPriorBaseline(), got 3',
    );
    expect(() => classPriorBaseline([batch([0])], [batch([0], 2)])).toThrow(
      'expected val batches with C = 3 classes in classPriorBaseline(), got C = 2',
    );
  });
});
