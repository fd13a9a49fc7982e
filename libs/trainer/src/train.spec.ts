import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type DiagnosticsEvent, type RunConfigInput } from '@rnnlab/contracts';
import { initBackend } from '@rnnlab/models';
import { train } from './train';

const small = (over: Partial<RunConfigInput> & { task: RunConfigInput['task'] }) =>
  parseRunConfig({
    seed: 3,
    model: { cell: 'lstm', hidden: 16, dropout: 0 },
    train: { batch: 8, steps: 12, lr: 0.01, clip: 1, evalEvery: 5, evalBatches: 2, diagEvery: 0, checkpointEvery: 0 },
    ...over,
  });

describe('trainer', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('keeps the tensor count flat across steps', async () => {
    const counts: number[] = [];
    await train(small({ task: { name: 'adding', seqLen: 10, size: 100 }, train: { batch: 8, steps: 12, evalEvery: 4, diagEvery: 4, evalBatches: 1 } }), {
      listener: { onStep: (e) => { if (e.step === 5 || e.step === 12) counts.push(tf.memory().numTensors); } },
    });
    expect(counts).toHaveLength(2);
    expect(counts[1]).toBe(counts[0]);
  });

  it('reports diagnostics: per-step gradient norms, spectral norms, gate saturation', async () => {
    const diags: DiagnosticsEvent[] = [];
    await train(small({ task: { name: 'adding', seqLen: 20, size: 100 }, model: { cell: 'lstm', hidden: 16, layers: 2 }, train: { batch: 8, steps: 4, diagEvery: 2, evalEvery: 0 } }), {
      listener: { onDiagnostics: (e) => void diags.push(e) },
    });
    expect(diags.map((d) => d.step)).toEqual([2, 4]);
    const d = diags[0];
    expect(d.dhNorms).toHaveLength(20);
    expect(d.dhNorms.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
    expect(d.layers).toHaveLength(2);
    expect(Object.keys(d.layers[0].saturation).sort()).toEqual(['f', 'g', 'i', 'o']);
    expect(d.layers[0].whhSpectralNorm).toBeGreaterThan(0.5);
    expect(d.globalGradNorm).toBeGreaterThan(0);
  });

  it('diagnostics per layer and per gate: a fresh orthogonal LSTM has σmax 1 in every gate block, 2 stacked', async () => {
    const diags: DiagnosticsEvent[] = [];
    const T = 15;
    // SGD at lr 1e-9: the weights diagnosed after step 1 are the initial ones
    await train(small({ task: { name: 'adding', seqLen: T, size: 100 }, model: { cell: 'lstm', hidden: 16, layers: 2 }, train: { batch: 8, steps: 1, lr: 1e-9, optimizer: 'sgd', momentum: 0, diagEvery: 1, evalEvery: 0, clip: 0 } }), {
      listener: { onDiagnostics: (e) => void diags.push(e) },
    });
    const d = diags[0];
    for (const l of d.layers) {
      expect(Object.keys(l.whhGateSpectralNorms)).toEqual(['i', 'f', 'g', 'o']);
      for (const v of Object.values(l.whhGateSpectralNorms)) expect(v).toBeCloseTo(1, 3);
      expect(l.whhSpectralNorm).toBeCloseTo(2, 3);
      expect(l.dhNorms).toHaveLength(T);
    }
    // two layers, two different gradient profiles; the top one is the event's dhNorms
    expect(d.layers[0].dhNorms).not.toEqual(d.layers[1].dhNorms);
    expect(d.dhNorms).toEqual(d.layers[1].dhNorms);
    expect(d.dhRatio).toBeCloseTo(d.dhNorms[0] / d.dhNorms[T - 1], 10);
  });

  it('honours an AbortSignal within a step, even when nothing else awaits', async () => {
    const controller = new AbortController();
    let lastStep = 0;
    let stepAtAbort = 0;
    const done = await train(small({ task: { name: 'adding', seqLen: 10, size: 100 }, model: { hidden: 8 }, train: { batch: 8, steps: 100_000, evalEvery: 0, diagEvery: 0 } }), {
      signal: controller.signal,
      listener: {
        onStep: (e) => {
          lastStep = e.step;
          // abort from a timer, as a signal handler or a cancel message would: it only runs if the loop
          // yields. When the timer fires depends on the machine's load (a busy CI may run a few more
          // steps first), so the step it fired after is recorded there, not assumed.
          if (e.step === 5) setTimeout(() => ((stepAtAbort = lastStep), controller.abort()), 0);
        },
      },
    });
    expect(stepAtAbort).toBeGreaterThanOrEqual(5);
    expect(done.interrupted).toBe(true);
    // honoured within the step in progress when the abort came
    expect(done.steps).toBeLessThanOrEqual(stepAtAbort + 1);
  });

  it('stops early when validation stops improving', async () => {
    const done = await train(small({ task: { name: 'adding', seqLen: 10, size: 100 }, train: { batch: 8, steps: 200, lr: 50, optimizer: 'sgd', momentum: 0, evalEvery: 1, patience: 2, evalBatches: 1, clip: 0 } }), {}).catch((e: Error) => e);
    // lr 50 either diverges (a clear error) or stops improving within a few evaluations
    if (done instanceof Error) expect(done.message).toMatch(/diverged at step \d+/);
    else {
      expect(done.stoppedEarly).toBe(true);
      expect(done.steps).toBeLessThan(200);
    }
  });
});
