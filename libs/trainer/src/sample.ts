/**
 * Generating from a trained model: language models sample token by token (temperature, top-k,
 * prime text); encoder–decoders decode greedily or by beam search.
 */
import { stat } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { parseRunConfig } from '@rnnlab/contracts';
import { initBackend, RecurrentModel, type DecoderState, type LayerState } from '@rnnlab/models';
import { Rng } from '@rnnlab/random';
import { BOS_ID, EOS_ID, tokenizerFromJSON, type Tokenizer } from '@rnnlab/tokenization';
import type { SampleOptions } from './api';
import { latestCheckpoint, readCheckpoint, unpack, type Checkpoint } from './checkpoint';
import { createNativeStepper } from '@rnnlab/engine-native';
import { selectEngine } from './engines';
import { scoped } from './objectives';

const EVAL = { training: false } as const;

/** Load a trained model and its tokenizers from a checkpoint file or directory. */
export async function loadTrained(path: string, engineChoice: SampleOptions['engine'] = 'auto', opts: { threads?: number } = {}) {
  await initBackend('auto');
  const s = await stat(path).catch(() => null);
  if (!s) throw new Error(`--checkpoint: no such file or directory: ${path}`);
  let ck: Checkpoint;
  if (s.isDirectory()) {
    const found = await latestCheckpoint(path);
    if (!found) throw new Error(`--checkpoint: no valid checkpoint in directory ${path}`);
    ck = found.checkpoint;
  } else ck = await readCheckpoint(path);
  const config = parseRunConfig(ck.config);
  const model = new RecurrentModel(ck.modelSpec as ConstructorParameters<typeof RecurrentModel>[0], config.seed, await selectEngine(engineChoice, opts));
  model.setWeights(Object.entries(ck.weights).map(([name, p]) => ({ name, shape: p.shape, data: unpack(p) })));
  const input = ck.tokenizers.input ? tokenizerFromJSON(ck.tokenizers.input) : null;
  const target = ck.tokenizers.target ? tokenizerFromJSON(ck.tokenizers.target) : input;
  return { model, config, input, target, step: ck.step };
}

/** Sample text from a checkpoint (see SampleOptions). */
export async function sample(o: SampleOptions): Promise<string> {
  const { model, input, target } = await loadTrained(o.checkpoint, o.engine, { threads: o.threads });
  try {
    if (!input || !target) throw new Error('this checkpoint has no tokenizer: sampling needs a text task (lm or seq2seq)');
    const rng = new Rng(o.seed ?? 1).fork('sample');
    if (model.spec.topology === 'encoder-decoder') {
      const ids = beamDecode(model, input.encode(o.prime ?? ''), o.beam ?? 1, o.length ?? 100);
      return target.decode(ids.filter((i) => i !== EOS_ID));
    }
    if (model.spec.topology !== 'many-to-many') throw new Error(`cannot sample from a ${model.spec.topology} model`);
    return sampleLm(model, input, o.prime ?? '', o.length ?? 200, o.temperature ?? 1, o.topK ?? 0, rng);
  } finally {
    model.dispose();
  }
}

/** Pick a token from logits with temperature and top-k. */
export function pickToken(logits: Float32Array, temperature: number, topK: number, rng: Rng): number {
  if (temperature <= 0) return argmax(logits);
  const idx = Array.from(logits.keys());
  if (topK > 0 && topK < logits.length) idx.sort((a, b) => logits[b] - logits[a]).splice(topK);
  const max = Math.max(...idx.map((i) => logits[i]));
  const w = idx.map((i) => Math.exp((logits[i] - max) / temperature));
  return idx[rng.categorical(w)];
}

function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}

/** Char-rnn style sampling: feed the prime, then feed back each sampled token. */
export function sampleLm(model: RecurrentModel, tok: Tokenizer, prime: string, length: number, temperature: number, topK: number, rng: Rng): string {
  const primeIds = tok.encode(prime);
  const stepper = model.engine.name === 'native' ? createNativeStepper(model) : null;
  if (stepper) {
    // the native engine steps without tfjs: the same numbers, a fraction of the latency at batch 1
    const out: number[] = [];
    let logits: Float32Array = new Float32Array(0);
    for (const id of primeIds.length ? primeIds : [BOS_ID]) logits = stepper.step(id);
    for (let i = 0; i < length; i++) {
      const id = pickToken(logits, temperature, topK, rng);
      out.push(id);
      if (i + 1 < length) logits = stepper.step(id);
    }
    return prime + tok.decode(out);
  }
  let states: LayerState[] | null = null;
  const out: number[] = [];
  let feed = primeIds.length ? primeIds : [BOS_ID];
  for (let i = 0; i < length; i++) {
    const ids = feed;
    const { next, logits } = scoped(() => {
      const r = model.manyToMany({ kind: 'ids', ids: tf.tensor1d(Int32Array.from(ids), 'int32') }, ids.length, 1, states, null, EVAL);
      const last = tf.slice(r.logits, [ids.length - 1, 0], [1, -1]); // [1, V]
      return { next: r.states.map((s) => ({ h: tf.keep(s.h), c: s.c ? tf.keep(s.c) : null })), logits: last.dataSync() as Float32Array };
    });
    if (states) for (const s of states) tf.dispose(s.c ? [s.h, s.c] : [s.h]);
    states = next;
    const id = pickToken(logits, temperature, topK, rng);
    out.push(id);
    feed = [id];
  }
  if (states) for (const s of states) tf.dispose(s.c ? [s.h, s.c] : [s.h]);
  return prime + tok.decode(out);
}

interface Hypothesis {
  ids: number[];
  logp: number;
  done: boolean;
}

/**
 * Beam search over an encoder–decoder (width 1 = greedy). Scores are summed log-probabilities,
 * length-normalized when comparing finished hypotheses.
 */
export function beamDecode(model: RecurrentModel, src: number[], width: number, maxLen: number): number[] {
  const Ts = Math.max(1, src.length);
  return scoped(() => {
    const srcT = tf.tensor1d(Int32Array.from(src.length ? src : [0]), 'int32'); // [Ts] (B = 1)
    const mask = tf.tensor2d(new Float32Array(Ts).fill(src.length ? 1 : 0), [Ts, 1]);
    let d: DecoderState = model.encode(srcT, mask, Ts, 1, EVAL);
    let beams: Hypothesis[] = [{ ids: [], logp: 0, done: false }];
    for (let t = 0; t < maxLen && beams.some((b) => !b.done); t++) {
      const W = beams.length;
      const feed = Int32Array.from(beams.map((b) => (b.ids.length ? b.ids[b.ids.length - 1] : BOS_ID)));
      const step = model.decodeStep(tileState(d, W, t === 0), tf.tensor1d(feed, 'int32'), EVAL);
      const logp = tf.logSoftmax(step.logits).arraySync() as number[][]; // [W, V]
      const cand: { from: number; id: number; logp: number }[] = [];
      beams.forEach((b, w) => {
        if (b.done) cand.push({ from: w, id: -1, logp: b.logp });
        else logp[w].forEach((lp, id) => cand.push({ from: w, id, logp: b.logp + lp }));
      });
      cand.sort((a, b) => b.logp - a.logp);
      const keep = cand.slice(0, width);
      beams = keep.map((c) => (c.id < 0 ? beams[c.from] : { ids: [...beams[c.from].ids, c.id], logp: c.logp, done: c.id === EOS_ID }));
      const rows = tf.tensor1d(Int32Array.from(keep.map((c) => c.from)), 'int32');
      d = { ...step.state, states: step.state.states.map((s) => ({ h: tf.gather(s.h, rows) as tf.Tensor2D, c: s.c ? (tf.gather(s.c, rows) as tf.Tensor2D) : null })) };
    }
    const best = beams.reduce((a, b) => (b.logp / Math.max(1, b.ids.length) > a.logp / Math.max(1, a.ids.length) ? b : a));
    return best.ids;
  });
}

/** At the first step the encoder state has batch 1: repeat it for every beam (memory too). */
function tileState(d: DecoderState, W: number, first: boolean): DecoderState {
  if (!first || W === 1) {
    if (!d.memory || d.memory.shape[0] === d.states[0].h.shape[0]) return d;
  }
  const rep = <T extends tf.Tensor>(x: T): T => (x.shape[0] === W ? x : (tf.tile(x, [W, ...x.shape.slice(1).map(() => 1)]) as T));
  return {
    states: d.states.map((s) => ({ h: rep(s.h), c: s.c ? rep(s.c) : null })),
    memory: d.memory ? rep(d.memory) : null,
    memoryBias: d.memoryBias ? rep(d.memoryBias) : null,
  };
}
