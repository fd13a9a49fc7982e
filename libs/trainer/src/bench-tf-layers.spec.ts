import * as tfl from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CELLS } from '@rnnlab/contracts';
import { timeSteps } from './bench';
import { benchTfLayers } from './bench-tf-layers';

const tiny = { layers: 1, hidden: 4, batch: 2, seqLen: 3, vocab: 5, minTime: 0.001, reps: 3 };

describe('benchTfLayers', () => {
  for (const cell of CELLS) {
    it(`${cell}: times trainOnBatch of a tf.sequential and reports finite positive tokens/s`, async () => {
      const r = await benchTfLayers({ ...tiny, cell });
      expect(r).toMatchObject({ kind: 'train', engine: 'tf.layers', cell, layers: 1, hidden: 4, B: 2, T: 3, V: 5 });
      expect(r.backend).toMatch(/^(wasm|cpu|tensorflow)$/);
      expect(Number.isFinite(r.tokens_per_s) && r.tokens_per_s > 0).toBe(true);
      expect(r.tokens_per_s).toBeCloseTo((2 * 3) / r.sec_per_step, 6);
      expect(r.sec_per_step_all).toHaveLength(3);
    });
  }

  it('stacks layers and frees every tensor it made', async () => {
    await benchTfLayers({ ...tiny, cell: 'lstm', layers: 2 }); // first run: tfjs's own one-time tensors
    const before = tfl.memory().numTensors;
    const r = await benchTfLayers({ ...tiny, cell: 'gru', layers: 2 });
    expect(r.layers).toBe(2);
    expect(tfl.memory().numTensors).toBe(before);
  });
});

describe('timeSteps', () => {
  it('runs at least 3 steps per repetition, at most maxSteps, and reports the median', async () => {
    let calls = 0;
    const { med, times } = await timeSteps(() => void calls++, { minTime: 60, reps: 2, maxSteps: 3 });
    expect(calls).toBe(6);
    expect(times).toHaveLength(2);
    expect(med).toBe([...times].sort((a, b) => a - b)[1]);
  });

  it('keeps stepping until minTime has passed', async () => {
    let calls = 0;
    const { times } = await timeSteps(() => void calls++, { minTime: 0.02, reps: 1 });
    expect(calls).toBeGreaterThan(3);
    expect(times[0] * calls).toBeGreaterThanOrEqual(0.02 * (1 - 1e-9));
  });
});
