/**
 * Export to the TensorFlow.js layers format: the `model.json` + `weights.bin` pair that
 * `tf.loadLayersModel(url)` loads in a browser, written from our parameters as plain data (no
 * tfjs-layers at run time; the spec beside this file loads every form with tfjs-layers and
 * compares its outputs with our forward pass).
 *
 * The exported model is a Keras `Sequential` stack that computes our forward pass exactly:
 *
 *   input      dense features [B, T, I], or token ids [B, T] through an Embedding with mask_zero
 *              (id 0 is <pad> in every tokenizer: its steps carry the state, as our masked steps do)
 *   layer l    rnn  -> SimpleRNN(tanh | relu)   kernel W_ih, recurrent_kernel W_hh, bias b_ih + b_hh
 *              lstm -> LSTM    our gate blocks (i, f, g, o) are Keras' (i, f, c, o): kept as they are;
 *                              Keras has one bias vector, and z = x W_ih + h W_hh + (b_ih + b_hh)
 *              gru  -> GRU(reset_after: false)   our blocks (r, z, n) reordered to Keras' (z, r, h);
 *                              bias b_ih + b_hh, exact for reset-before where b_hn sits outside r ⊙ ·
 *              return_sequences on every layer but a many-to-one model's top one
 *   head       Dense(O, linear) on the last step (many-to-one) or on every step (many-to-many):
 *              logits for classes and tokens (apply tf.softmax for probabilities), values for
 *              regression, exactly what our model outputs
 *
 * One-hot token input (embed 0) has no tfjs layer, but one-hot(v) x W_ih is row v of W_ih, so it
 * becomes an Embedding: the V x V identity followed by layer 0's own W_ih when V <= G*H, else the
 * rows of W_ih themselves followed by an identity input kernel, whichever stores fewer floats. Both
 * are exact: multiplying by 1 and adding 0 round nothing.
 *
 * Refused with a LayersExportError: encoder–decoder and one-to-many (no Sequential stack over one
 * input sequence computes them), and GRU reset-after (tfjs-layers' GRU implements reset_after=false
 * only, and no other built-in layer computes r ⊙ (h W_hn + b_hn)). Dropout is left out: it only acts
 * in training.
 */
import { LayersExportError } from './errors/layers-export-error';
import type { RecurrentModel } from './model';
import { ModelSpecSchema, type ModelSpec, type ModelSpecInput, type Topology } from './model-spec';
import { expectedParamShapes } from './param-count';
import { gatesOf } from './recurrence';

/** The file names of an export; model.json's manifest names the weights file relative to itself. */
export const LAYERS_MODEL_FILE = 'model.json';
export const LAYERS_WEIGHTS_FILE = 'weights.bin';
/** the topologies whose forward pass is a Keras Sequential stack */
export const LAYERS_EXPORT_TOPOLOGIES = ['many-to-one', 'many-to-many'] as const satisfies readonly Topology[];
/** the format as tfjs-layers 4.22 writes it (`model.save()`), which the spec loads back */
const KERAS_VERSION = 'tfjs-layers 4.22.0';

/** One parameter as plain data: an entry of `RecurrentModel.getWeights()` or of a checkpoint. */
export interface NamedWeight {
  name: string;
  shape: number[];
  data: ArrayLike<number>;
}

export interface LayersWeightSpec {
  /** `<layer>/<weight>`: how tfjs-layers matches a stored weight to a layer's variable */
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** One layer as Keras serializes it (snake_case config keys). */
export interface KerasLayerJSON {
  class_name: string;
  config: Record<string, unknown>;
}

/** What a browser needs to know to feed the model, kept in model.json (`model.getUserDefinedMetadata()`). */
export interface ExportedModelInfo {
  cell: ModelSpec['cell'];
  topology: (typeof LAYERS_EXPORT_TOPOLOGIES)[number];
  layers: number;
  hidden: number;
  input: ModelSpec['input'];
  outputSize: number;
  /** what `predict()` takes */
  inputs: string;
  /** what `predict()` returns */
  outputs: string;
}

/** model.json of the layers format (what `tf.io.fromMemory` / `tf.loadLayersModel` read). */
export interface LayersModelJSON {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string;
  modelTopology: {
    class_name: 'Sequential';
    config: { name: string; layers: KerasLayerJSON[] };
    keras_version: string;
    backend: string;
  };
  weightsManifest: { paths: string[]; weights: LayersWeightSpec[] }[];
  userDefinedMetadata: { rnnlab: ExportedModelInfo };
}

export interface LayersModelExport {
  modelJson: LayersModelJSON;
  /** the weights of `modelJson.weightsManifest`, in its order: little-endian float32 */
  weights: Uint8Array;
}

/** A row-major float32 matrix (or vector: rows 1). */
interface Matrix {
  shape: number[];
  data: Float32Array;
}

/** our GRU blocks (r, z, n) in Keras' order (z, r, h) */
const GRU_TO_KERAS = [1, 0, 2];
const ZEROS = { class_name: 'Zeros', config: {} };

/**
 * A model, or its spec and weights (a checkpoint's), as the model.json and weights.bin that
 * `tf.loadLayersModel` loads. Throws a LayersExportError naming what cannot be exported.
 * @example
 * const { modelJson, weights } = exportLayersModel(model);
 * // in a browser, both served side by side:
 * const m = await tf.loadLayersModel('/models/42/model.json'); m.predict(tf.tensor3d(x, [1, T, I]));
 */
export function exportLayersModel(source: RecurrentModel | { spec: ModelSpecInput; weights: readonly NamedWeight[] }): LayersModelExport {
  const fromModel = typeof (source as RecurrentModel).getWeights === 'function';
  const parsed = ModelSpecSchema.safeParse(source.spec);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new LayersExportError(`invalid spec in exportLayersModel(): ${issues.join('; ')}`);
  }
  const spec = parsed.data;
  refuseUnexportable(spec);
  const weights = fromModel ? (source as RecurrentModel).getWeights() : (source as { weights: readonly NamedWeight[] }).weights;
  const w = checkedWeights(spec, weights);

  const { hidden: H, cell } = spec;
  const G = gatesOf(cell);
  const order = cell === 'gru' ? GRU_TO_KERAS : null;
  const out = new LayersBuilder();
  let kernel0 = reorderGates(w('rnn.weight_ih_l0'), H, order); // [I, G*H]
  let inputShape: (number | null)[] | null = spec.input.kind === 'dense' ? [null, null, spec.input.features] : null;
  if (spec.input.kind === 'tokens') {
    const V = spec.input.vocab;
    // one-hot(v) x W_ih = row v of W_ih: an identity table before W_ih, or W_ih's rows before an identity kernel
    if (spec.embed > 0) out.embedding(w('embed.weight'));
    else if (V <= G * H) out.embedding(identity(V));
    else {
      out.embedding(kernel0);
      kernel0 = identity(G * H);
    }
  }
  for (let l = 0; l < spec.layers; l++) {
    const kernel = l === 0 ? kernel0 : reorderGates(w(`rnn.weight_ih_l${l}`), H, order); // [I or H, G*H]
    const recurrent = reorderGates(w(`rnn.weight_hh_l${l}`), H, order); // [H, G*H]
    const bias = reorderGates(sum(w(`rnn.bias_ih_l${l}`), w(`rnn.bias_hh_l${l}`)), H, order); // [G*H]
    const returnSequences = spec.topology === 'many-to-many' || l < spec.layers - 1;
    out.recurrent(spec, `${cell}_l${l}`, { kernel, recurrent_kernel: recurrent, bias }, returnSequences, inputShape);
    inputShape = null;
  }
  out.dense('head', w('head.weight'), w('head.bias')); // [H, O], [O]
  return out.finish(infoOf(spec));
}

function refuseUnexportable(spec: ModelSpec): void {
  const supported = `the TensorFlow.js layers export takes ${LAYERS_EXPORT_TOPOLOGIES.join(' and ')} models`;
  if (spec.topology === 'encoder-decoder') {
    throw new LayersExportError(
      `cannot export an encoder-decoder model in exportLayersModel(): an encoder, a context (${spec.context}) and a decoder fed its own outputs are not one Keras Sequential stack; ${supported}`,
    );
  }
  if (spec.topology === 'one-to-many') {
    const fed = spec.feedback > 0 ? ', with its previous output fed back' : '';
    throw new LayersExportError(
      `cannot export a one-to-many model in exportLayersModel(): one input unrolled over T steps (oneToMany "${spec.oneToMany}"${fed}) is not a Keras Sequential stack over an input sequence; ${supported}`,
    );
  }
  if (spec.cell === 'gru' && spec.gruResetAfter) {
    throw new LayersExportError(
      'cannot export a GRU with gruResetAfter: true in exportLayersModel(): tfjs-layers\' GRU implements reset_after=false only ' +
        '("GRUCell does not support reset_after parameter set to true"), and no other built-in layer computes the reset-after candidate ' +
        'tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn)); a GRU trained with gruResetAfter: false (reset-before, Cho et al. 2014) exports exactly',
    );
  }
}

/** Every parameter the spec has, with its exact shape and size; a getter by name. */
function checkedWeights(spec: ModelSpec, weights: readonly NamedWeight[]): (name: string) => Matrix {
  const byName = new Map(weights.map((x) => [x.name, x]));
  const issues: string[] = [];
  const want = expectedParamShapes(spec);
  const known = new Set(want.map((p) => p.name));
  for (const p of want) {
    const x = byName.get(p.name);
    const size = p.shape.reduce((a, b) => a * b, 1);
    if (!x) issues.push(`missing "${p.name}" (shape [${p.shape.join(', ')}])`);
    else if (x.shape.length !== p.shape.length || x.shape.some((d, i) => d !== p.shape[i])) {
      issues.push(`"${p.name}": expected shape [${p.shape.join(', ')}], got [${x.shape.join(', ')}]`);
    } else if (x.data.length !== size) issues.push(`"${p.name}": expected ${size} values, got ${x.data.length}`);
  }
  for (const x of weights) if (!known.has(x.name)) issues.push(`unexpected "${x.name}" for this spec`);
  if (issues.length > 0) throw new LayersExportError(`weights do not fit the spec in exportLayersModel(): ${issues.join('; ')}`);
  return (name) => {
    const x = byName.get(name) as NamedWeight;
    return { shape: [...x.shape], data: Float32Array.from(x.data) };
  };
}

/** Column blocks of [R, G*H] (or [G*H]) in `order`: block k of the result is block order[k] of m. */
function reorderGates(m: Matrix, H: number, order: readonly number[] | null): Matrix {
  if (!order) return m;
  const cols = m.shape[m.shape.length - 1];
  const rows = m.data.length / cols;
  const data = new Float32Array(m.data.length);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < order.length; k++) data.set(m.data.subarray(r * cols + order[k] * H, r * cols + (order[k] + 1) * H), r * cols + k * H);
  }
  return { shape: m.shape, data };
}

function sum(a: Matrix, b: Matrix): Matrix {
  return { shape: a.shape, data: a.data.map((x, i) => x + b.data[i]) };
}

function identity(n: number): Matrix {
  const data = new Float32Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return { shape: [n, n], data };
}

function infoOf(spec: ModelSpec): ExportedModelInfo {
  const O = spec.outputSize;
  const inputs =
    spec.input.kind === 'dense'
      ? `[B, T, ${spec.input.features}] float32: B sequences of T steps`
      : `[B, T] token ids in [0, ${spec.input.vocab}): id 0 (<pad>) steps are skipped, so shorter sequences may be padded with 0 at the end`;
  const where = spec.topology === 'many-to-one' ? `[B, ${O}] from the last step` : `[B, T, ${O}] at every step`;
  return {
    cell: spec.cell,
    topology: spec.topology as ExportedModelInfo['topology'],
    layers: spec.layers,
    hidden: spec.hidden,
    input: spec.input,
    outputSize: O,
    inputs,
    outputs: `${where}: the linear head's outputs, logits for classes and tokens (tf.softmax gives probabilities), values for regression`,
  };
}

/** Collects layer configs, weight specs and weight data in one order. */
class LayersBuilder {
  private readonly layers: KerasLayerJSON[] = [];
  private readonly specs: LayersWeightSpec[] = [];
  private readonly data: Float32Array[] = [];

  private weight(layer: string, name: string, m: Matrix): void {
    this.specs.push({ name: `${layer}/${name}`, shape: m.shape, dtype: 'float32' });
    this.data.push(m.data);
  }

  /** token ids [B, T] -> [B, T, D]; the model's first layer */
  embedding(table: Matrix): void {
    const [V, D] = table.shape;
    this.layers.push({
      class_name: 'Embedding',
      config: {
        name: 'embedding', trainable: true, dtype: 'float32', batch_input_shape: [null, null],
        input_dim: V, output_dim: D, embeddings_initializer: ZEROS, mask_zero: true, input_length: null,
      },
    });
    this.weight('embedding', 'embeddings', table);
  }

  recurrent(spec: ModelSpec, name: string, w: { kernel: Matrix; recurrent_kernel: Matrix; bias: Matrix }, returnSequences: boolean, batchInputShape: (number | null)[] | null): void {
    const gated = spec.cell !== 'rnn';
    this.layers.push({
      class_name: spec.cell === 'rnn' ? 'SimpleRNN' : spec.cell === 'lstm' ? 'LSTM' : 'GRU',
      config: {
        name, trainable: true, dtype: 'float32',
        ...(batchInputShape ? { batch_input_shape: batchInputShape } : {}),
        units: spec.hidden,
        activation: spec.cell === 'rnn' ? spec.nonlinearity : 'tanh',
        // tfjs-layers' default is hard_sigmoid; our gates are the logistic sigmoid
        ...(gated ? { recurrent_activation: 'sigmoid' } : {}),
        use_bias: true,
        // loaded weights replace them; zeros keep loading fast (an orthogonal init runs a QR per matrix)
        kernel_initializer: ZEROS, recurrent_initializer: ZEROS, bias_initializer: ZEROS,
        ...(spec.cell === 'lstm' ? { unit_forget_bias: false } : {}),
        ...(spec.cell === 'gru' ? { reset_after: false } : {}),
        dropout: 0, recurrent_dropout: 0,
        return_sequences: returnSequences, return_state: false, go_backwards: false, stateful: false, unroll: false,
      },
    });
    this.weight(name, 'kernel', w.kernel);
    this.weight(name, 'recurrent_kernel', w.recurrent_kernel);
    this.weight(name, 'bias', w.bias);
  }

  dense(name: string, kernel: Matrix, bias: Matrix): void {
    this.layers.push({
      class_name: 'Dense',
      config: {
        name, trainable: true, dtype: 'float32', units: kernel.shape[1], activation: 'linear', use_bias: true,
        kernel_initializer: ZEROS, bias_initializer: ZEROS,
      },
    });
    this.weight(name, 'kernel', kernel);
    this.weight(name, 'bias', bias);
  }

  finish(info: ExportedModelInfo): LayersModelExport {
    const total = this.data.reduce((n, d) => n + d.length, 0);
    const weights = new Uint8Array(4 * total);
    const view = new DataView(weights.buffer);
    let k = 0;
    for (const d of this.data) for (let i = 0; i < d.length; i++, k++) view.setFloat32(4 * k, d[i], true);
    return {
      modelJson: {
        format: 'layers-model',
        generatedBy: 'rnnlab',
        convertedBy: 'rnnlab exportLayersModel',
        modelTopology: { class_name: 'Sequential', config: { name: 'rnnlab', layers: this.layers }, keras_version: KERAS_VERSION, backend: 'tensor_flow.js' },
        weightsManifest: [{ paths: [LAYERS_WEIGHTS_FILE], weights: this.specs }],
        userDefinedMetadata: { rnnlab: info },
      },
      weights,
    };
  }
}
