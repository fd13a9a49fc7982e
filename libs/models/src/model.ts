/**
 * RecurrentModel: parameters, stacked recurrent layers and the four topologies.
 *
 * Every forward method is a pure function of its tensor arguments and the model's variables, to be
 * called inside `tf.tidy` / `tf.variableGrads` by the trainer. Sequences are time-major inside:
 * row t*B + b is step t of sequence b.
 *
 *   many-to-one      x_1..x_T -> y = head(h_T)                 (adding problem, classification)
 *   many-to-many     x_t -> y_t = head(h_t) for every t         (language model, tagging)
 *   one-to-many      x given at step 1 only, or at every step -> y_1..y_T
 *   encoder–decoder  src -> context c -> decoder from <bos>; c is (a) the encoder's last state,
 *                    (b) tanh(W_c h_T + b_c), or (c) attention over all encoder states (Luong dot)
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellKind } from '@rnnlab/contracts';
import { Rng } from '@rnnlab/random';
import type { RecurrenceProbe } from './cells/sequence';
import { glorotUniform, recurrentInit, uniform } from './init';
import { addBias, embed, linear } from './linear';
import { ModelSpecSchema, type ModelSpec, type ModelSpecInput } from './model-spec';
import { gatesOf, tfjsRecurrence, type CellSpec, type RecurrenceFn } from './recurrence';

/** An engine executes the recurrence; models are defined once and run on any engine. */
export interface Engine {
  name: string;
  recurrence: RecurrenceFn;
}

export const TFJS_ENGINE: Engine = { name: 'tfjs', recurrence: tfjsRecurrence };

/** One layer's state; c only for LSTM. */
export interface LayerState {
  h: tf.Tensor2D; // [B, H]
  c: tf.Tensor2D | null; // [B, H]
}

/** Per-call options: dropout only when training, with masks drawn from `rng`. */
export interface RunOptions {
  training: boolean;
  rng?: Rng | null;
  /** one probe per layer of the (encoder) stack, filled with diagnostics */
  probes?: RecurrenceProbe[] | null;
}

/** Input to a stack: dense features [T*B, I] or token ids [T*B] (int32), time-major. */
export type StackInput = { kind: 'dense'; x: tf.Tensor2D } | { kind: 'ids'; ids: tf.Tensor1D };

/** State handed from the encoder to the decoder between decoding steps. */
export interface DecoderState {
  states: LayerState[];
  /** attention: encoder outputs [B, Ts, H] and an additive mask [B, 1, Ts] (0 or −1e9) */
  memory: tf.Tensor3D | null;
  memoryBias: tf.Tensor3D | null;
}

export class RecurrentModel {
  readonly spec: ModelSpec;
  readonly params = new Map<string, tf.Variable>();
  engine: Engine;

  constructor(spec: ModelSpecInput, seed: number, engine: Engine = TFJS_ENGINE) {
    this.spec = ModelSpecSchema.parse(spec);
    this.engine = engine;
    const rng = new Rng(seed).fork('init');
    const s = this.spec;
    const H = s.hidden;
    const G = gatesOf(s.cell);
    const inputSize = s.input.kind === 'dense' ? s.input.features + s.feedback : s.embed > 0 ? s.embed : s.input.vocab;
    if (s.input.kind === 'tokens' && s.embed > 0) this.add('embed.weight', [s.input.vocab, s.embed], glorotUniform(rng, s.input.vocab, s.embed));
    const enc = s.topology === 'encoder-decoder' ? 'encoder' : 'rnn';
    this.addStack(rng, enc, inputSize, G);
    if (s.topology === 'encoder-decoder') {
      const V = s.outputSize;
      const decIn = s.embed > 0 ? s.embed : V;
      if (s.embed > 0) this.add('decoder_embed.weight', [V, s.embed], glorotUniform(rng, V, s.embed));
      this.addStack(rng, 'decoder', decIn, G);
      if (s.context === 'transform') {
        this.add('context.weight', [H, H], glorotUniform(rng, H, H));
        this.add('context.bias', [H], new Float32Array(H));
      }
      if (s.context === 'attention') {
        this.add('attention.weight', [2 * H, H], glorotUniform(rng, 2 * H, H));
        this.add('attention.bias', [H], new Float32Array(H));
      }
    }
    const k = 1 / Math.sqrt(H);
    const pytorch = s.init === 'uniform'; // nn.Linear's default: U(−1/√fan_in, 1/√fan_in)
    this.add('head.weight', [H, s.outputSize], pytorch ? uniform(rng, H * s.outputSize, k) : glorotUniform(rng, H, s.outputSize));
    this.add('head.bias', [s.outputSize], pytorch ? uniform(rng, s.outputSize, k) : new Float32Array(s.outputSize));
  }

  private add(name: string, shape: number[], values: Float32Array): void {
    this.params.set(name, tf.variable(tf.tensor(values, shape, 'float32'), true, `${name}_${nextId()}`));
  }

  private addStack(rng: Rng, prefix: string, inputSize: number, G: number): void {
    const { hidden: H, layers, cell, forgetBias, init } = this.spec;
    const k = 1 / Math.sqrt(H);
    for (let l = 0; l < layers; l++) {
      const I = l === 0 ? inputSize : H;
      const pytorch = init === 'uniform';
      this.add(`${prefix}.weight_ih_l${l}`, [I, G * H], pytorch ? uniform(rng, I * G * H, k) : glorotUniform(rng, I, G * H));
      this.add(`${prefix}.weight_hh_l${l}`, [H, G * H], pytorch ? uniform(rng, H * G * H, k) : recurrentInit(rng, H, G));
      const bih = pytorch ? uniform(rng, G * H, k) : new Float32Array(G * H);
      if (cell === 'lstm') for (let j = H; j < 2 * H; j++) bih[j] += forgetBias; // forget gate block (i, f, g, o)
      this.add(`${prefix}.bias_ih_l${l}`, [G * H], bih);
      this.add(`${prefix}.bias_hh_l${l}`, [G * H], pytorch ? uniform(rng, G * H, k) : new Float32Array(G * H));
    }
  }

  /** A parameter by name; throws naming the missing parameter. */
  p(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`no parameter "${name}" in RecurrentModel (have: ${[...this.params.keys()].join(', ')})`);
    return v;
  }

  get cellSpec(): CellSpec {
    return { cell: this.spec.cell, gruResetAfter: this.spec.gruResetAfter, nonlinearity: this.spec.nonlinearity };
  }

  get cellKind(): CellKind {
    return this.spec.cell;
  }

  /** Total trainable scalars. */
  paramCount(): number {
    let n = 0;
    for (const v of this.params.values()) n += v.size;
    return n;
  }

  /** Zero initial states for a stack, [B, H] per layer. */
  zeroState(B: number): LayerState[] {
    const H = this.spec.hidden;
    return Array.from({ length: this.spec.layers }, () => ({
      h: tf.zeros([B, H]) as tf.Tensor2D,
      c: this.spec.cell === 'lstm' ? (tf.zeros([B, H]) as tf.Tensor2D) : null,
    }));
  }

  /**
   * Run a stack of recurrent layers over a time-major sequence.
   * input [T*B, I] or ids [T*B] -> y [T*B, H] (top layer) and each layer's final state.
   */
  runStack(
    prefix: 'rnn' | 'encoder' | 'decoder',
    input: StackInput,
    T: number,
    B: number,
    states: LayerState[] | null,
    mask: tf.Tensor2D | null,
    opts: RunOptions,
  ): { y: tf.Tensor2D; states: LayerState[] } {
    const { hidden: H, layers, dropout } = this.spec;
    const init = states ?? this.zeroState(B);
    const out: LayerState[] = [];
    let x: tf.Tensor2D | null = null;
    for (let l = 0; l < layers; l++) {
      const wih = this.p(`${prefix}.weight_ih_l${l}`) as unknown as tf.Tensor2D;
      const bih = this.p(`${prefix}.bias_ih_l${l}`) as unknown as tf.Tensor1D;
      let xp: tf.Tensor2D;
      if (l > 0) xp = linear(x as tf.Tensor2D, wih, bih); // [T*B, H] x [H, G*H] -> [T*B, G*H]
      else xp = this.project(prefix, input, wih, bih); // [T*B, G*H]
      const r = this.engine.recurrence(this.cellSpec, {
        T, B, H, xp,
        h0: init[l].h,
        c0: init[l].c,
        whh: this.p(`${prefix}.weight_hh_l${l}`) as unknown as tf.Tensor2D,
        bhh: this.p(`${prefix}.bias_hh_l${l}`) as unknown as tf.Tensor1D,
        mask,
        probe: opts.probes?.[l] ?? null,
      });
      out.push({ h: r.h, c: r.c });
      x = r.y; // [T*B, H]
      if (l < layers - 1) x = this.dropout(x, dropout, opts);
    }
    return { y: x as tf.Tensor2D, states: out };
  }

  /** Layer-0 input projection: dense x W_ih, an embedding then W_ih, or one-hot ids as a row gather of W_ih. */
  private project(prefix: string, input: StackInput, wih: tf.Tensor2D, bih: tf.Tensor1D): tf.Tensor2D {
    if (input.kind === 'dense') return linear(input.x, wih, bih); // [T*B, I] x [I, G*H] -> [T*B, G*H]
    const table = prefix === 'decoder' ? 'decoder_embed.weight' : 'embed.weight';
    if (this.spec.embed > 0) {
      const e = embed(this.p(table) as unknown as tf.Tensor2D, input.ids); // [T*B, E]
      return linear(e, wih, bih); // [T*B, E] x [E, G*H] -> [T*B, G*H]
    }
    return addBias(embed(wih, input.ids), bih); // one-hot x W_ih == rows of W_ih: [T*B, G*H]
  }

  /** Inverted dropout with a seeded mask: x ⊙ m / keep. */
  dropout(x: tf.Tensor2D, rate: number, opts: RunOptions): tf.Tensor2D {
    if (!opts.training || rate <= 0) return x;
    if (!opts.rng) throw new Error('expected opts.rng when training with dropout in RecurrentModel.dropout()');
    const keep = 1 - rate;
    const m = new Float32Array(x.size);
    for (let i = 0; i < m.length; i++) m[i] = opts.rng.next() < keep ? 1 / keep : 0;
    return tf.mul(x, tf.tensor2d(m, x.shape)) as tf.Tensor2D; // [N, H]
  }

  /** The output head: [N, H] -> [N, O]. */
  head(y: tf.Tensor2D, opts: RunOptions): tf.Tensor2D {
    const h = this.dropout(y, this.spec.dropout, opts);
    return linear(h, this.p('head.weight') as unknown as tf.Tensor2D, this.p('head.bias') as unknown as tf.Tensor1D); // [N, O]
  }

  /** many-to-one: [T*B] input -> [B, O] from the final state of the top layer (the last real step when masked). */
  manyToOne(input: StackInput, T: number, B: number, mask: tf.Tensor2D | null, opts: RunOptions): tf.Tensor2D {
    const { states } = this.runStack('rnn', input, T, B, null, mask, opts);
    return this.head(states[states.length - 1].h, opts); // [B, H] -> [B, O]
  }

  /** aligned many-to-many: [T*B] input -> [T*B, O] logits; states in/out for truncated BPTT. */
  manyToMany(
    input: StackInput,
    T: number,
    B: number,
    states: LayerState[] | null,
    mask: tf.Tensor2D | null,
    opts: RunOptions,
  ): { logits: tf.Tensor2D; states: LayerState[] } {
    const r = this.runStack('rnn', input, T, B, states, mask, opts);
    return { logits: this.head(r.y, opts), states: r.states }; // [T*B, H] -> [T*B, O]
  }

  /**
   * one-to-many: one input per sequence, x [B, I] (or ids [B]), unrolled for T steps.
   * 'first': x at step 1 and zeros after; 'every': x repeated at every step. -> [T*B, O]
   */
  oneToMany(x: StackInput, T: number, B: number, opts: RunOptions): tf.Tensor2D {
    const every = this.spec.oneToMany === 'every';
    let seq: StackInput;
    if (x.kind === 'dense') {
      const rest = every ? tf.tile(x.x, [T - 1, 1]) : tf.zeros([(T - 1) * B, x.x.shape[1]]); // [(T-1)*B, I]
      seq = { kind: 'dense', x: T > 1 ? (tf.concat([x.x, rest], 0) as tf.Tensor2D) : x.x }; // [T*B, I]
    } else {
      // "no input" for token inputs is the <pad> id 0
      const rest = every ? tf.tile(x.ids, [T - 1]) : tf.zeros([(T - 1) * B], 'int32'); // [(T-1)*B]
      seq = { kind: 'ids', ids: T > 1 ? (tf.concat([x.ids, rest], 0) as tf.Tensor1D) : x.ids }; // [T*B]
    }
    return this.manyToMany(seq, T, B, null, null, opts).logits; // [T*B, O]
  }

  /**
   * one-to-many with the previous output fed back (generation): step t reads [x_t, one-hot(prev_t)]
   * where x_t is x at the first step only ('first', zeros after) or at every step ('every'). `t0`
   * is the index of the first step given (sampling runs one step at a time, carrying `states`).
   * x [B, I], prev [T*B] ids -> logits [T*B, O] and the final states
   */
  oneToManyFed(x: tf.Tensor2D, prev: tf.Tensor1D, T: number, B: number, states: LayerState[] | null, t0: number, opts: RunOptions): { logits: tf.Tensor2D; states: LayerState[] } {
    const V = this.spec.feedback;
    if (V <= 0) throw new Error('RecurrentModel.oneToManyFed() needs a model spec with feedback > 0');
    const every = this.spec.oneToMany === 'every';
    const none = tf.zerosLike(x); // [B, I]
    const steps = Array.from({ length: T }, (_, t) => (every || t0 + t === 0 ? x : none));
    const given = T === 1 ? steps[0] : (tf.concat(steps, 0) as tf.Tensor2D); // [T*B, I]
    const fed = tf.cast(tf.oneHot(prev, V), 'float32') as tf.Tensor2D; // [T*B, V]
    const seq = tf.concat([given, fed], 1) as tf.Tensor2D; // [T*B, I + V]
    return this.manyToMany({ kind: 'dense', x: seq }, T, B, states, null, opts);
  }

  /** Encode a source sequence and build the decoder's starting state (the context vector). */
  encode(src: tf.Tensor1D, srcMask: tf.Tensor2D, Ts: number, B: number, opts: RunOptions): DecoderState {
    const H = this.spec.hidden;
    const enc = this.runStack('encoder', { kind: 'ids', ids: src }, Ts, B, null, srcMask, opts);
    let states = enc.states;
    if (this.spec.context === 'transform') {
      const w = this.p('context.weight') as unknown as tf.Tensor2D;
      const b = this.p('context.bias') as unknown as tf.Tensor1D;
      states = states.map((s) => ({ h: tf.tanh(linear(s.h, w, b)) as tf.Tensor2D, c: s.c })); // [B, H] x [H, H]
    }
    if (this.spec.context !== 'attention') return { states, memory: null, memoryBias: null };
    const memory = tf.transpose(tf.reshape(enc.y, [Ts, B, H]), [1, 0, 2]) as tf.Tensor3D; // [Ts*B, H] -> [B, Ts, H]
    const m = tf.transpose(tf.reshape(srcMask, [Ts, B]), [1, 0]); // [B, Ts]
    const memoryBias = tf.reshape(tf.mul(tf.sub(1, m), -1e9), [B, 1, Ts]) as tf.Tensor3D; // [B, 1, Ts]
    return { states, memory, memoryBias };
  }

  /** Decoder outputs [Tt*B, H] -> logits [Tt*B, V], attending over the encoder memory if configured. */
  private decoderHead(y: tf.Tensor2D, Tt: number, B: number, d: DecoderState, opts: RunOptions): tf.Tensor2D {
    if (!d.memory || !d.memoryBias) return this.head(y, opts);
    const H = this.spec.hidden;
    const q = tf.transpose(tf.reshape(y, [Tt, B, H]), [1, 0, 2]) as tf.Tensor3D; // [B, Tt, H]
    const scores = tf.add(tf.matMul(q, tf.transpose(d.memory, [0, 2, 1])), d.memoryBias); // [B, Tt, H] x [B, H, Ts] -> [B, Tt, Ts]
    const ctx = tf.matMul(tf.softmax(scores), d.memory); // [B, Tt, Ts] x [B, Ts, H] -> [B, Tt, H]
    const both = tf.reshape(tf.transpose(tf.concat([q, ctx], 2), [1, 0, 2]), [Tt * B, 2 * H]) as tf.Tensor2D; // [Tt*B, 2H]
    const w = this.p('attention.weight') as unknown as tf.Tensor2D;
    const b = this.p('attention.bias') as unknown as tf.Tensor1D;
    const att = tf.tanh(linear(both, w, b)) as tf.Tensor2D; // [Tt*B, 2H] x [2H, H] -> [Tt*B, H]
    return this.head(att, opts); // [Tt*B, V]
  }

  /** Teacher-forced decoding of a whole target: tgtIn ids [Tt*B] -> logits [Tt*B, V]. */
  decode(d: DecoderState, tgtIn: tf.Tensor1D, Tt: number, B: number, opts: RunOptions): tf.Tensor2D {
    const r = this.runStack('decoder', { kind: 'ids', ids: tgtIn }, Tt, B, d.states, null, opts);
    return this.decoderHead(r.y, Tt, B, d, opts);
  }

  /** One decoding step: ids [B] -> logits [B, V] and the next state (sampling, beam search, scheduled sampling). */
  decodeStep(d: DecoderState, ids: tf.Tensor1D, opts: RunOptions): { logits: tf.Tensor2D; state: DecoderState } {
    const B = ids.shape[0];
    const r = this.runStack('decoder', { kind: 'ids', ids }, 1, B, d.states, null, opts);
    return { logits: this.decoderHead(r.y, 1, B, d, opts), state: { ...d, states: r.states } };
  }

  /** Weights as plain arrays (for checkpoints and saving), in parameter order. */
  getWeights(): { name: string; shape: number[]; data: Float32Array }[] {
    return [...this.params].map(([name, v]) => ({ name, shape: v.shape, data: v.dataSync() as Float32Array }));
  }

  /** Load weights by name; every parameter must be present with its exact shape. */
  setWeights(weights: { name: string; shape: number[]; data: ArrayLike<number> }[]): void {
    const byName = new Map(weights.map((w) => [w.name, w]));
    for (const [name, v] of this.params) {
      const w = byName.get(name);
      if (!w) throw new Error(`missing weight "${name}" in RecurrentModel.setWeights()`);
      if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i])) {
        throw new Error(`expected weight "${name}" of shape [${v.shape}], got [${w.shape}] in RecurrentModel.setWeights()`);
      }
      tf.tidy(() => v.assign(tf.tensor(Float32Array.from(w.data), v.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}

let idCounter = 0;
function nextId(): number {
  return ++idCounter;
}
