/**
 * The TensorFlow.js layers export against tfjs-layers itself: each exported model.json + weights.bin
 * is read the way `tf.loadLayersModel(url)` reads it (model.json parsed, its manifest resolved to
 * weights.bin), loaded with `@tensorflow/tfjs`, and its predictions compared with our forward pass
 * on random inputs and PyTorch-style random weights (both bias vectors non-zero).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@rnnlab/random';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { LayersExportError } from './errors/layers-export-error';
import { exportLayersModel, LAYERS_WEIGHTS_FILE, type LayersModelExport } from './layers-export';
import { RecurrentModel } from './model';
import type { ModelSpecInput } from './model-spec';
import { lengthMask, maxAbsDiff } from './testing/finite-difference';

const TOL = 1e-5;
const infer = { training: false };
const errors: string[] = [];

beforeAll(async () => {
  await initBackend('cpu');
});
afterAll(() => {
  console.log(`max |tfjs-layers − ours|:\n  ${errors.join('\n  ')}`);
});

/** What `tf.loadLayersModel(url)` does with the two files: parse model.json, fetch its manifest's paths. */
async function loadExport(e: LayersModelExport): Promise<tf.LayersModel> {
  const json = JSON.parse(JSON.stringify(e.modelJson)) as tf.io.ModelJSON;
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    expect(manifest.map((g) => g.paths)).toEqual([[LAYERS_WEIGHTS_FILE]]);
    const bytes = e.weights.slice().buffer;
    return [manifest.flatMap((g) => g.weights), bytes];
  });
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

/** Batch-major [B][T] rows -> time-major [T*B] (row t*B + b), our layout. */
function timeMajor<X>(rows: X[][]): X[] {
  const out: X[] = [];
  for (let t = 0; t < rows[0].length; t++) for (const row of rows) out.push(row[t]);
  return out;
}

interface Case {
  title: string;
  spec: ModelSpecInput;
  /** token inputs: lengths of the sequences (the rest padded with id 0 and masked) */
  lengths?: number[];
}

const T = 5;
const B = 3;
const CASES: Case[] = [
  { title: 'Elman tanh, dense, many-to-one', spec: { cell: 'rnn', hidden: 4, topology: 'many-to-one', input: { kind: 'dense', features: 3 }, outputSize: 2 } },
  { title: 'Elman relu, 2 layers, one-hot tokens (identity table), many-to-many', spec: { cell: 'rnn', nonlinearity: 'relu', layers: 2, hidden: 6, topology: 'many-to-many', input: { kind: 'tokens', vocab: 5 }, outputSize: 5 } },
  { title: 'LSTM, 2 layers, dense, many-to-many', spec: { cell: 'lstm', layers: 2, hidden: 4, topology: 'many-to-many', input: { kind: 'dense', features: 3 }, outputSize: 2 } },
  { title: 'LSTM, embedding, many-to-one, padded with 0 and masked', spec: { cell: 'lstm', hidden: 4, embed: 3, topology: 'many-to-one', input: { kind: 'tokens', vocab: 7 }, outputSize: 3 }, lengths: [5, 2, 4] },
  { title: 'LSTM, 2 layers, one-hot tokens (W_ih rows as the table), many-to-many, masked', spec: { cell: 'lstm', layers: 2, hidden: 2, topology: 'many-to-many', input: { kind: 'tokens', vocab: 11 }, outputSize: 11 }, lengths: [5, 3, 1] },
  { title: 'GRU reset-before, dense, many-to-one', spec: { cell: 'gru', gruResetAfter: false, hidden: 4, topology: 'many-to-one', input: { kind: 'dense', features: 2 }, outputSize: 1 } },
  { title: 'GRU reset-before, 2 layers, embedding, many-to-many', spec: { cell: 'gru', gruResetAfter: false, layers: 2, hidden: 5, embed: 4, topology: 'many-to-many', input: { kind: 'tokens', vocab: 6 }, outputSize: 6 } },
  { title: 'GRU reset-before, 2 layers, one-hot tokens (W_ih rows as the table), many-to-one', spec: { cell: 'gru', gruResetAfter: false, layers: 2, hidden: 2, topology: 'many-to-one', input: { kind: 'tokens', vocab: 9 }, outputSize: 2 } },
];

describe('exportLayersModel: tf.loadLayersModel gives our outputs', () => {
  for (const c of CASES) {
    it(c.title, async () => {
      // PyTorch's init: every weight and both biases U(−1/√H, 1/√H), so summed biases are tested
      const model = new RecurrentModel({ ...c.spec, init: 'uniform', dropout: 0.3 }, 11);
      const spec = model.spec;
      const rng = new Rng(3);
      const exported = exportLayersModel(model);
      const layers = await loadExport(exported);
      try {
        const O = spec.outputSize;
        let ours: Float32Array;
        let theirs: Float32Array;
        if (spec.input.kind === 'dense') {
          const I = spec.input.features;
          const rows = Array.from({ length: B }, () => Array.from({ length: T }, () => Array.from({ length: I }, () => 2 * rng.next() - 1)));
          const x = tf.tensor2d(timeMajor(rows), [T * B, I]);
          theirs = tf.tidy(() => (layers.predict(tf.tensor3d(rows)) as tf.Tensor).dataSync() as Float32Array);
          ours = tf.tidy(() => run(model, { kind: 'dense', x }, null));
          x.dispose();
        } else {
          const V = spec.input.vocab;
          const lengths = c.lengths ?? Array.from({ length: B }, () => T);
          // real tokens are ids 1..V-1; id 0 is <pad>
          const rows = lengths.map((n) => Array.from({ length: T }, (_, t) => (t < n ? 1 + Math.floor(rng.next() * (V - 1)) : 0)));
          const ids = tf.tensor1d(timeMajor(rows), 'int32');
          const mask = c.lengths ? lengthMask(c.lengths, T) : null;
          theirs = tf.tidy(() => (layers.predict(tf.tensor2d(rows, [B, T], 'int32')) as tf.Tensor).dataSync() as Float32Array);
          ours = tf.tidy(() => run(model, { kind: 'ids', ids }, mask));
          ids.dispose();
          mask?.dispose();
        }
        expect(theirs.length).toBe(spec.topology === 'many-to-one' ? B * O : B * T * O);
        const err = maxAbsDiff(ours, theirs);
        errors.push(`${err.toExponential(2)}  ${c.title}`);
        expect(err).toBeLessThan(TOL);
        expect(maxAbsDiff(ours, new Float32Array(ours.length))).toBeGreaterThan(1e-2); // not trivially zero
        expect(layers.getUserDefinedMetadata()).toMatchObject({ rnnlab: { cell: spec.cell, topology: spec.topology, outputSize: O } });
      } finally {
        layers.dispose();
        model.dispose();
      }
    });
  }

  /** Our forward pass in the layout of the Keras model's output: [B, O] or [B, T, O]. */
  function run(model: RecurrentModel, input: Parameters<RecurrentModel['manyToOne']>[0], mask: tf.Tensor2D | null): Float32Array {
    if (model.spec.topology === 'many-to-one') return model.manyToOne(input, T, B, mask, infer).dataSync() as Float32Array;
    const logits = model.manyToMany(input, T, B, null, mask, infer).logits; // [T*B, O]
    return tf.transpose(tf.reshape(logits, [T, B, model.spec.outputSize]), [1, 0, 2]).dataSync() as Float32Array; // [B, T, O]
  }

  it('exports the same thing from a spec and plain weights (a checkpoint) as from the model', () => {
    const model = new RecurrentModel({ cell: 'lstm', hidden: 3, topology: 'many-to-one', input: { kind: 'dense', features: 2 }, outputSize: 1 }, 5);
    try {
      const a = exportLayersModel(model);
      const b = exportLayersModel({ spec: model.spec, weights: model.getWeights().map((w) => ({ ...w, data: Array.from(w.data) })) });
      expect(b.modelJson).toEqual(a.modelJson);
      expect(Buffer.from(b.weights).equals(Buffer.from(a.weights))).toBe(true);
      // weights.bin holds exactly the manifest's float32 values
      const floats = a.modelJson.weightsManifest[0].weights.reduce((n, w) => n + w.shape.reduce((x, y) => x * y, 1), 0);
      expect(a.weights.byteLength).toBe(4 * floats);
      expect(a.modelJson).toMatchObject({ format: 'layers-model', generatedBy: 'rnnlab', modelTopology: { class_name: 'Sequential' } });
      expect(a.modelJson.modelTopology.config.layers.map((l) => l.class_name)).toEqual(['LSTM', 'Dense']);
      expect(a.modelJson.weightsManifest[0].weights.map((w) => w.name)).toEqual(['lstm_l0/kernel', 'lstm_l0/recurrent_kernel', 'lstm_l0/bias', 'head/kernel', 'head/bias']);
    } finally {
      model.dispose();
    }
  });
});

describe('exportLayersModel refuses what it cannot represent exactly', () => {
  const refused = (spec: ModelSpecInput) => {
    const model = new RecurrentModel(spec, 1);
    try {
      return (() => exportLayersModel(model)) as () => unknown;
    } finally {
      model.dispose();
    }
  };

  it('GRU reset-after (tfjs-layers has reset_after=false only)', () => {
    const f = refused({ cell: 'gru', gruResetAfter: true, hidden: 3, topology: 'many-to-one', input: { kind: 'dense', features: 2 }, outputSize: 1 });
    expect(f).toThrow(LayersExportError);
    expect(f).toThrow(/GRU with gruResetAfter: true .*reset_after=false only.*gruResetAfter: false/);
  });

  it('encoder-decoder and one-to-many, naming the topology', () => {
    expect(refused({ cell: 'lstm', hidden: 3, topology: 'encoder-decoder', context: 'attention', input: { kind: 'tokens', vocab: 5 }, outputSize: 5 })).toThrow(
      /cannot export an encoder-decoder model .*context \(attention\).*takes many-to-one and many-to-many models/,
    );
    expect(refused({ cell: 'rnn', hidden: 3, topology: 'one-to-many', oneToMany: 'every', input: { kind: 'dense', features: 2 }, outputSize: 4 })).toThrow(
      /cannot export a one-to-many model .*oneToMany "every"/,
    );
  });

  it('weights that do not fit the spec, naming each', () => {
    const spec = { cell: 'rnn', hidden: 2, topology: 'many-to-one', input: { kind: 'dense', features: 1 }, outputSize: 1 } as const;
    const model = new RecurrentModel(spec, 1);
    const weights = model.getWeights();
    model.dispose();
    const bad = [...weights.filter((w) => w.name !== 'head.bias').map((w) => (w.name === 'rnn.weight_hh_l0' ? { ...w, shape: [2, 3] } : w)), { name: 'extra', shape: [1], data: [0] }];
    expect(() => exportLayersModel({ spec, weights: bad })).toThrow(
      /weights do not fit the spec in exportLayersModel\(\): "rnn.weight_hh_l0": expected shape \[2, 2\], got \[2, 3\]; missing "head.bias" \(shape \[1\]\); unexpected "extra"/,
    );
  });
});
