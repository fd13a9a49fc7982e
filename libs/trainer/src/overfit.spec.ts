/**
 * "Overfit one batch": every trainer path (each task kind, TBPTT chunking, scheduled sampling)
 * must drive the loss on a single fixed batch towards zero. A wrong gradient anywhere fails this.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type Metrics, type RunConfigInput } from '@rnnlab/contracts';
import { prepareDataset, type Batch, type ClassificationBatch, type SequenceBatch } from '@rnnlab/datasets';
import { initBackend, RecurrentModel } from '@rnnlab/models';
import { Rng } from '@rnnlab/random';
import { lmWindow, modelSpecFor } from './model-for-task';
import { evalBatch } from './evaluate';
import { MetricAccumulator } from './metrics';
import { batchGradients } from './objectives';
import { timeMajor } from './time-major';
import { Optimizer } from './optimizers';

async function overfit(
  input: RunConfigInput,
  steps: number,
  batchOverride?: Batch,
  extra: { tbptt?: number; teacherForcing?: number } = {},
  inspect?: (model: RecurrentModel, batch: Batch) => void,
) {
  const cfg = parseRunConfig(input);
  const ds = await prepareDataset(cfg.task, cfg.seed);
  const batch = batchOverride ?? (ds.batches('train', { batch: cfg.train.batch, window: lmWindow(cfg), seed: 1 }).next() as Batch);
  const spec = batchOverride?.kind === 'classification'
    ? { ...cfg.model, topology: 'many-to-one' as const, input: { kind: 'tokens' as const, vocab: 12 }, outputSize: 3 }
    : modelSpecFor(cfg, ds);
  const model = new RecurrentModel(spec, 1);
  const opt = new Optimizer('adam', cfg.train);
  const rng = new Rng(1);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const r = batchGradients(model, batch, { training: true, rng, states: null, tbptt: extra.tbptt ?? 0, teacherForcing: extra.teacherForcing ?? 1 });
    losses.push(r.loss);
    opt.apply(model.params, r.grads, 0.02);
    tf.dispose([...r.grads.values()]);
  }
  opt.dispose();
  inspect?.(model, batch);
  model.dispose();
  return { first: losses[0], last: losses[losses.length - 1] };
}

const base = { seed: 1, model: { hidden: 32, cell: 'lstm' as const }, train: { batch: 8 } };

describe('overfitting a single batch', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('regression (adding, GRU) with truncated BPTT chunks', async () => {
    const r = await overfit({ ...base, model: { hidden: 32, cell: 'gru' }, task: { name: 'adding', seqLen: 12, size: 64 } }, 150, undefined, { tbptt: 6 });
    expect(r.last).toBeLessThan(0.01 * r.first + 1e-3);
  });
  it('language model (names, LSTM)', async () => {
    const r = await overfit({ ...base, task: { name: 'names', seqLen: 12 } }, 200);
    expect(r.last).toBeLessThan(0.1);
  });
  it('tagging (copy memory, RNN) with TBPTT; recall accuracy scores the recalled symbols', async () => {
    let scored: Metrics = {};
    let byHand = Number.NaN;
    const r = await overfit({ ...base, model: { hidden: 32, cell: 'rnn' }, task: { name: 'copy', lag: 4, size: 64 } }, 200, undefined, { tbptt: 8 }, (model, batch) => {
      const b = batch as SequenceBatch;
      const acc = new MetricAccumulator('tagging');
      evalBatch(model, b, acc, null);
      scored = acc.result();
      // argmax of the logits at the last 10 steps of every row, against the symbols
      const { B, T } = b.shape;
      const logits = tf.tidy(() => model.manyToMany({ kind: 'ids', ids: tf.tensor1d(timeMajor(b.tokens, B, T), 'int32') }, T, B, null, null, { training: false }).logits.arraySync() as number[][]); // [T*B, C]
      let hits = 0;
      for (let row = 0; row < B; row++) {
        for (let t = T - 10; t < T; t++) {
          const l = logits[t * B + row];
          if (l.indexOf(Math.max(...l)) === b.targets[row * T + t]) hits++;
        }
      }
      byHand = hits / (B * 10);
    });
    expect(r.last).toBeLessThan(0.1 * r.first);
    expect(scored.recall_accuracy).toBeCloseTo(byHand, 12);
    expect(scored.recall_accuracy).toBeGreaterThan(0.5); // learnt to recall, not only to output blanks
    expect(scored.accuracy).toBeGreaterThan(scored.recall_accuracy); // the blanks are easier
  });
  it('classification with padding masks (many-to-one)', async () => {
    const B = 8, T = 7;
    const rng = new Rng(4);
    const lens = Array.from({ length: B }, () => 2 + rng.int(T - 1));
    const tokens = new Int32Array(B * T), mask = new Float32Array(B * T);
    for (let b = 0; b < B; b++) for (let t = 0; t < lens[b]; t++) { tokens[b * T + t] = 4 + rng.int(8); mask[b * T + t] = 1; }
    const batch: ClassificationBatch = { kind: 'classification', tokens, mask, labels: Int32Array.from({ length: B }, (_, b) => b % 3), shape: { B, T, V: 12, C: 3 } };
    const r = await overfit({ ...base, task: { name: 'adding', size: 64 } }, 150, batch);
    expect(r.last).toBeLessThan(0.05);
  });
  for (const context of ['last', 'transform', 'attention'] as const) {
    it(`seq2seq (reverse, GRU, context=${context}) with scheduled sampling`, async () => {
      const r = await overfit({ ...base, model: { hidden: 32, cell: 'gru', context }, task: { name: 'reverse', seqLen: 5, size: 64 } }, 200, undefined, { teacherForcing: 0.7 });
      expect(r.last).toBeLessThan(0.1 * r.first);
    });
  }
});
