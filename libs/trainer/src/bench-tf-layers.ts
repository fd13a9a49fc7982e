/**
 * The `tf.layers` baseline of the training benchmark: the same char language model as
 * benchTraining (one-hot input, recurrent stack, linear head, softmax cross-entropy, Adam 1e-3),
 * built from TensorFlow.js's Keras-style layers and trained with `model.trainOnBatch`, so that
 * rnnlab's engines are compared against what a tfjs user gets out of the box. Measures, never asserts.
 *
 *   x [B, T, V] one-hot -> simpleRNN | lstm | gru (returnSequences, x L) -> [B, T, H]
 *                       -> timeDistributed(dense V, softmax) -> [B, T, V]
 */
import * as tfl from '@tensorflow/tfjs';
import { initBackend } from '@rnnlab/models';
import { nextTokenPairs, timeSteps, type BenchConfig, type BenchResult } from './bench';

export interface TfLayersBenchConfig extends Omit<BenchConfig, 'engine' | 'threads'> {
  /** most steps per timed repetition (never below 3): the baseline is slow, the matrix must stay short */
  maxSteps?: number;
}

/** Steps run before timing: the first trainOnBatch builds the graph and the optimizer's slots. */
const WARMUP_STEPS = 2;

/**
 * Tokens/s of `model.trainOnBatch` on a `tf.sequential` of tf.layers recurrent layers; engine `tf.layers`.
 * @example const r = await benchTfLayers({ cell: 'lstm', layers: 1, hidden: 256, batch: 32, seqLen: 64, vocab: 65, minTime: 1, reps: 3 });
 */
export async function benchTfLayers(c: TfLayersBenchConfig): Promise<BenchResult> {
  const backend = await initBackend('auto');
  const { batch: B, seqLen: T, vocab: V, hidden: H } = c;
  const model = tfl.sequential();
  for (let l = 0; l < c.layers; l++) {
    const args = { units: H, returnSequences: true, ...(l === 0 && { inputShape: [T, V] }) };
    // [B, T, I] -> [B, T, H]
    model.add(c.cell === 'rnn' ? tfl.layers.simpleRNN(args) : c.cell === 'lstm' ? tfl.layers.lstm(args) : tfl.layers.gru(args));
  }
  // [B, T, H] -> [B, T, V]; softmax here because the 'categoricalCrossentropy' loss takes probabilities, not logits
  model.add(tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: V, activation: 'softmax' }) }));
  const optimizer = tfl.train.adam(1e-3);
  model.compile({ loss: 'categoricalCrossentropy', optimizer });

  // next-token pairs from one random stream per sequence, as in benchTraining
  const { tokens, targets } = nextTokenPairs(B, T, V);
  // [B*T] ids -> [B, T, V] one-hot
  const oneHot = (ids: Int32Array) => tfl.tidy(() => tfl.oneHot(tfl.tensor1d(ids, 'int32'), V).toFloat().reshape([B, T, V]));
  const x = oneHot(tokens);
  const y = oneHot(targets);
  const step = () => model.trainOnBatch(x, y);
  try {
    for (let i = 0; i < WARMUP_STEPS; i++) await step();
    const { med, times } = await timeSteps(step, c);
    return {
      kind: 'train', engine: 'tf.layers', backend: backend.name, cell: c.cell, layers: c.layers, hidden: H,
      B, T, V, sec_per_step: med, sec_per_step_all: times, tokens_per_s: (B * T) / med,
    };
  } finally {
    tfl.dispose([x, y]);
    // the model does not own an optimizer it was given
    model.dispose();
    optimizer.dispose();
  }
}
