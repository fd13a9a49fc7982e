import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type DiagnosticsEvent, type RunConfigInput } from '@rnnlab/contracts';
import { initBackend } from '@rnnlab/models';
import { latestCheckpoint, unpack } from './checkpoint';
import { train } from './train';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rnnlab-train-'));
  dirs.push(d);
  return d;
};

async function finalWeights(dir: string): Promise<Record<string, Float32Array>> {
  const ck = await latestCheckpoint(dir);
  if (!ck) throw new Error('no checkpoint');
  return Object.fromEntries(Object.entries(ck.checkpoint.weights).map(([k, v]) => [k, unpack(v)]));
}

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
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  for (const [name, cfg] of [
    ['adding, GRU, with dropout and TBPTT', small({ task: { name: 'adding', seqLen: 12, size: 200 }, model: { cell: 'gru', hidden: 16, layers: 2, dropout: 0.2 }, train: { batch: 8, steps: 12, tbptt: 5, evalEvery: 5, evalBatches: 2, diagEvery: 0 } })],
    ['names LM, LSTM with carried state', small({ task: { name: 'names', seqLen: 16 }, model: { cell: 'lstm', hidden: 16, layers: 1, dropout: 0.1 } })],
    ['reverse seq2seq with attention and scheduled sampling', small({ task: { name: 'reverse', seqLen: 6, size: 200 }, model: { cell: 'gru', hidden: 16, context: 'attention' }, train: { batch: 8, steps: 12, teacherForcing: 0.5, evalEvery: 5, evalBatches: 2 } })],
  ] as const) {
    it(`a run stopped and resumed ends with exactly the weights of an uninterrupted run: ${name}`, async () => {
      const full = tmp();
      await train(cfg, { checkpointDir: full });
      const part = tmp();
      const first = await train(cfg, { checkpointDir: part, stopAfter: 7 });
      expect(first.steps).toBe(7);
      const stepsRun: number[] = [];
      const resumed = await train(cfg, { checkpointDir: part, resume: true, listener: { onStep: (e) => void stepsRun.push(e.step) } });
      expect(resumed.steps).toBe(12);
      expect(stepsRun).toEqual([8, 9, 10, 11, 12]); // continued, not restarted
      const a = await finalWeights(full);
      const b = await finalWeights(part);
      expect(Object.keys(b)).toEqual(Object.keys(a));
      for (const k of Object.keys(a)) expect(Buffer.from(b[k].buffer).equals(Buffer.from(a[k].buffer)), k).toBe(true);
    });
  }

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
