/**
 * How much memory a run needs, estimated from its config before anything is allocated, so that a
 * run (or a worker's job) that cannot fit is refused with the estimate, the limit and what to reduce
 * instead of dying at 3 GB of RSS or with "Invalid typed array length".
 *
 * Counted (float32 = 4 bytes):
 *   - weights, their gradients (plus one accumulation temporary) and the optimizer's slots
 *     (Adam: m, v; RMSprop: square average and momentum; SGD: momentum);
 *   - activations kept for BPTT per layer, per time step of the back-propagated window and per
 *     sequence: input projection and gate activations [G*H] each, states h (and c) and their
 *     gradients [H], the layer input and its gradient; the head's logits, softmax and gradient [V];
 *     diagnostics back-propagate a whole probe batch without truncation;
 *   - the dataset: fixed validation/test sets, generated string sets, a text file's tokens;
 *   - checkpoints: weights and optimizer state copied, base64-encoded and serialized as JSON.
 * The tensor part lives in the WebAssembly heap (tfjs wasm backend; the native engine computes in
 * place there), which cannot grow past 4 GiB whatever the machine has.
 */
import { freemem } from 'node:os';
import type { RunConfig } from '@rnnlab/contracts';
import { expectedParamCount, ModelSpecSchema } from '@rnnlab/models';
import { RunInputError } from './errors/run-input-error';

const F32 = 4;
/** the WebAssembly heap's ceiling (memory32: 65 536 pages of 64 KiB) */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;
/** share of the heap a run may plan to use: tfjs keeps a little for itself and fragmentation */
const WASM_USABLE = 0.9;
/** default limit: this share of the memory available when the run starts */
export const DEFAULT_MEMORY_SHARE = 0.8;
/**
 * Allocator slack and short-lived temporaries, from peak RSS measured per engine (memory.spec.ts and
 * the closing note of the hardening issue): the native engine keeps about what is counted above; the
 * tfjs engine's whole-sequence ops keep every per-step intermediate, about 2.3 times as much; a
 * decoder (step by step, with attention) about 3 times the count on either engine.
 */
const TENSOR_OVERHEAD = { native: 1.4, tfjs: 3.2 } as const;
const DECODER_OVERHEAD = 3;

export interface MemoryParts {
  /** weights, gradients and optimizer state */
  parameters: number;
  /** activations saved for BPTT (training step or diagnostics, whichever is larger) */
  activations: number;
  /** datasets held in memory */
  data: number;
  /** transient copies while a checkpoint is written */
  checkpoints: number;
}

export interface MemoryEstimate {
  bytes: number;
  /** of which tensors (in the WebAssembly heap) */
  tensorBytes: number;
  parts: MemoryParts;
}

/** What only the dataset knows; before it is prepared, per-task defaults stand in. */
export interface RunShape {
  params: number;
  /** input vocabulary V (token tasks) */
  inputVocab: number;
  /** output size: classes, targets or target vocabulary */
  outputSize: number;
  /** bytes of a text file (task text) */
  textBytes?: number;
  /** which engine computes (the tfjs engine keeps more intermediates) */
  engine: 'native' | 'tfjs';
}

/** names-by-category: the longest name of the lists and <eos> */
const NAMES_MAX_STEPS = 16;

/** The sequence lengths a task feeds the model (without truncation). */
function lengths(config: RunConfig): { kind: 'aligned' | 'many-to-one' | 'seq2seq'; T: number; Tt: number } {
  const t = config.task;
  const window = config.train.tbptt > 0 ? config.train.tbptt : t.seqLen;
  switch (t.name) {
    case 'adding':
      return { kind: 'many-to-one', T: t.seqLen, Tt: 0 };
    case 'spam':
      return { kind: 'many-to-one', T: t.seqLen, Tt: 0 };
    case 'copy':
      return { kind: 'aligned', T: t.lag + 21, Tt: 0 };
    case 'names':
    case 'text':
      return { kind: 'aligned', T: window, Tt: 0 };
    case 'names-by-category':
      // the longest name (15 characters) and <eos>
      return { kind: 'aligned', T: NAMES_MAX_STEPS, Tt: 0 };
    case 'reverse': {
      const n = Math.min(t.seqLen, 100) + 1;
      return { kind: 'seq2seq', T: n, Tt: n };
    }
    case 'addition':
      return { kind: 'seq2seq', T: 2 * t.digits + 1, Tt: t.digits + 2 };
    case 'cmudict': {
      const n = Math.min(t.seqLen, 40) + 1;
      return { kind: 'seq2seq', T: n, Tt: n };
    }
  }
}

/** Optimizer slots per parameter. */
function slots(config: RunConfig): number {
  const o = config.train;
  if (o.optimizer === 'adam') return 2;
  if (o.optimizer === 'rmsprop') return o.momentum > 0 ? 2 : 1;
  return o.momentum > 0 ? 1 : 0;
}

/** Floats of one layer's saved activations and their gradients, per (time step, sequence). */
function layerFloats(config: RunConfig, inputFeatures: number): number {
  const H = config.model.hidden;
  const G = config.model.cell === 'lstm' ? 4 : config.model.cell === 'gru' ? 3 : 1;
  const cellState = config.model.cell === 'lstm' ? 2 * H : 0;
  const dropout = config.model.dropout > 0 ? H : 0;
  return 3 * G * H + 4 * H + cellState + 2 * inputFeatures + dropout;
}

/** Activation bytes of one forward+backward pass over `T` steps of `B` sequences. */
function activationBytes(config: RunConfig, shape: RunShape, T: number, Tt: number, kind: string): number {
  const B = config.train.batch;
  const { layers, hidden: H, embed } = config.model;
  const in0 = config.task.name === 'adding' ? 2 : embed;
  let perStep = layerFloats(config, in0) + (layers - 1) * layerFloats(config, H);
  if (kind === 'aligned') perStep += 3 * shape.outputSize; // logits, softmax, their gradient
  let floats = T * B * perStep;
  if (kind === 'seq2seq') {
    // decoder stack over Tt steps, its head, attention scores and the encoder memory
    floats += Tt * B * (layerFloats(config, embed) + (layers - 1) * layerFloats(config, H) + 3 * shape.outputSize + 3 * T);
    floats += 2 * T * B * H;
    floats *= DECODER_OVERHEAD;
  }
  if (config.task.name === 'adding') floats += config.train.batch * config.task.seqLen * 2; // the whole input, even under TBPTT
  return floats * F32;
}

function dataBytes(config: RunConfig, shape: RunShape): number {
  const t = config.task;
  // validation and test sets of synthetic tasks are capped at 2^25 stored values each
  const evalSplit = (valuesPerExample: number, fraction: number) =>
    fraction <= 0 ? 0 : Math.min(2 ** 25, Math.min(10_000, Math.max(256, Math.round(t.size * fraction))) * valuesPerExample) * F32;
  const evalSets = (v: number) => evalSplit(v, t.valFraction) + evalSplit(v, t.testFraction);
  const batchBuffers = config.train.batch * (lengths(config).T + lengths(config).Tt) * 4 * F32;
  switch (t.name) {
    case 'adding':
      return evalSets(2 * t.seqLen) + batchBuffers;
    case 'copy':
      return evalSets(2 * (t.lag + 21)) + batchBuffers;
    case 'reverse':
    case 'addition': {
      const len = lengths(config).T;
      // strings, their token arrays and object headers, for train + val + test
      return (t.size * (1 + t.valFraction + t.testFraction)) * (8 * len + 120) + batchBuffers;
    }
    case 'names':
    case 'names-by-category':
    case 'cmudict':
      return 64 * 1024 ** 2 + batchBuffers;
    case 'spam':
      return 400 * 1024 ** 2 + batchBuffers;
    case 'text':
      // the UTF-16 string, code points, token ids per split and the tokenizer's counts
      return (shape.textBytes ?? 0) * 24 + batchBuffers;
  }
}

/**
 * Estimate the peak memory of a run.
 * @example estimateMemory(config, { params: 50_000, inputVocab: 60, outputSize: 60, engine: 'native' }).bytes
 */
export function estimateMemory(config: RunConfig, shape: RunShape): MemoryEstimate {
  const P = shape.params;
  const { kind, T, Tt } = lengths(config);
  const k = config.train.tbptt;
  // the back-propagated window: a TBPTT chunk (language models get windows from the data already)
  const Tc = kind === 'seq2seq' || k === 0 ? T : Math.min(k, T);
  const train = activationBytes(config, shape, Tc, Tt, kind);
  const diag = config.train.diagEvery > 0 ? activationBytes(config, shape, T, Tt, kind) : 0;
  const parameters = P * F32 * (3 + slots(config));
  const activations = Math.max(train, diag);
  const copies = 1 + slots(config) + (config.train.patience > 0 ? 1 : 0);
  const checkpoints = P * F32 * copies * 4 + (config.train.patience > 0 ? P * F32 : 0);
  const data = dataBytes(config, shape);
  const tensorBytes = (parameters + activations) * TENSOR_OVERHEAD[shape.engine];
  return { bytes: tensorBytes + data + checkpoints, tensorBytes, parts: { parameters, activations, data, checkpoints } };
}

/** The default memory limit: a share of what the machine has available now. */
export function defaultMemoryLimit(): number {
  return Math.floor(freemem() * DEFAULT_MEMORY_SHARE);
}

/** `12.3 GB`, `512 MB`, `20 KB` (powers of 1024, as `free -h`). */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} bytes` : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/**
 * What to lower, by the part that dominates: the advice, and the config paths it names (first the
 * one to try first), so that a form can show the refusal beside a field.
 */
function advice(config: RunConfig, parts: MemoryParts): { text: string; fields: string[] } {
  const biggest = (Object.entries(parts) as [keyof MemoryParts, number][]).sort((a, b) => b[1] - a[1])[0][0];
  const length =
    config.task.name === 'copy' ? 'task.lag' : config.task.name === 'addition' ? 'task.digits' : 'task.seqLen';
  switch (biggest) {
    case 'activations': {
      const diag = config.train.diagEvery > 0 && config.train.tbptt > 0;
      return {
        text: `lower train.batch, ${length} or model.hidden, or set train.tbptt to back-propagate fewer steps` +
          (diag ? ' (diagnostics back-propagate the whole sequence: train.diagEvery 0 turns them off)' : ''),
        fields: ['train.batch', length, 'model.hidden', 'train.tbptt', ...(diag ? ['train.diagEvery'] : [])],
      };
    }
    case 'parameters':
    case 'checkpoints':
      return { text: 'lower model.hidden, model.layers, model.embed or task.vocabSize', fields: ['model.hidden', 'model.layers', 'model.embed', 'task.vocabSize'] };
    case 'data':
      return config.task.name === 'text'
        ? { text: 'use a smaller text file', fields: ['task.path'] }
        : { text: `lower task.size or ${length}`, fields: ['task.size', length] };
  }
}

/**
 * Refuse a run whose estimate exceeds `limitBytes` (or whose tensors cannot fit a WebAssembly heap),
 * with the estimate, the limit and what to reduce. Returns the estimate otherwise.
 */
export function checkMemory(config: RunConfig, shape: RunShape, limitBytes: number, limitSource: string): MemoryEstimate {
  const est = estimateMemory(config, shape);
  const p = est.parts;
  const breakdown =
    `activations for back-propagation ${formatBytes(p.activations)}, weights, gradients and optimizer state ${formatBytes(p.parameters)}, ` +
    `data ${formatBytes(p.data)}, checkpoint copies ${formatBytes(p.checkpoints)}`;
  if (est.tensorBytes > WASM_HEAP_BYTES * WASM_USABLE) {
    const a = advice(config, p);
    throw new RunInputError(
      `this run's tensors need about ${formatBytes(est.tensorBytes)} (${breakdown}), more than the ` +
        `${formatBytes(WASM_HEAP_BYTES * WASM_USABLE)} a WebAssembly heap can hold (the engines keep tensors there; no memory limit raises it): ` +
        a.text,
      a.fields,
    );
  }
  if (est.bytes > limitBytes) {
    const a = advice(config, p);
    throw new RunInputError(
      `this run needs about ${formatBytes(est.bytes)} of memory (${breakdown}), more than the limit of ` +
        `${formatBytes(limitBytes)} (${limitSource}): ${a.text}`,
      a.fields,
      true,
    );
  }
  return est;
}

/**
 * The run's shape before its dataset is read: the built-in tasks' own vocabularies, a text task's cap.
 * Good enough to refuse what cannot fit before anything is allocated (and, on `submit`, before a
 * worker ever sees the run); the trainer checks again with the real vocabulary.
 */
export function estimateBeforeData(config: RunConfig, engine: RunShape['engine'], textBytes?: number): RunShape {
  const t = config.task;
  const capped = t.tokenizer === 'char' ? 256 : Math.min(t.vocabSize, 5000);
  const vocab: Record<RunConfig['task']['name'], [number, number]> = {
    adding: [2, 1], copy: [10, 10], reverse: [30, 30], addition: [16, 16], names: [capped, capped],
    'names-by-category': [64, 64], cmudict: [32, 80], spam: [capped, 2], text: [capped, capped],
  };
  const [inputVocab, outputSize] = vocab[t.name];
  if (t.name === 'names-by-category') {
    // the category (2 features) and the fed-back character
    const spec = { ...config.model, topology: 'one-to-many' as const, input: { kind: 'dense' as const, features: 2 }, feedback: inputVocab, outputSize };
    return { params: expectedParamCount(ModelSpecSchema.parse(spec)), inputVocab, outputSize, textBytes, engine };
  }
  const input = t.name === 'adding' ? { kind: 'dense' as const, features: 2 } : { kind: 'tokens' as const, vocab: inputVocab };
  const topology = t.name === 'adding' || t.name === 'spam' ? 'many-to-one' : ['reverse', 'addition', 'cmudict'].includes(t.name) ? 'encoder-decoder' : 'many-to-many';
  const params = expectedParamCount(ModelSpecSchema.parse({ ...config.model, topology, input, outputSize }));
  return { params, inputVocab, outputSize, textBytes, engine };
}

const SIZE_UNITS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** `8G`, `512M`, `1.5GiB`, `64MB` -> bytes (powers of 1024); null for anything else or below 1M. */
export function parseMemorySize(raw: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT])(?:i?B)?$/i.exec(raw.trim());
  const bytes = m ? Number(m[1]) * SIZE_UNITS[m[2].toUpperCase()] : Number.NaN;
  return bytes >= 1024 ** 2 ? Math.floor(bytes) : null;
}

/** what parseMemorySize accepts, for messages */
export const MEMORY_SIZE_FORM = 'a size of at least 1M with a unit K, M, G or T (e.g. 8G, 512M)';
