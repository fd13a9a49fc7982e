/**
 * Generating from a trained model: language models sample token by token (temperature, top-k,
 * prime text) from the boundary training used; encoder–decoders decode greedily or by beam search.
 * `sample()` refuses, before generating, what cannot work with the checkpoint: options of the other
 * kind of model, lengths and widths beyond the limits below, and prime characters (or words) the
 * model never saw.
 */
import { stat } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { parseRunConfig } from '@rnnlab/contracts';
import { NAME_CATEGORIES } from '@rnnlab/datasets';
import { initBackend, RecurrentModel, type DecoderState, type LayerState } from '@rnnlab/models';
import { Rng } from '@rnnlab/random';
import {
  BOS_ID,
  EOS_ID,
  SPECIAL_TOKENS,
  UNK_ID,
  describeVocabulary,
  foldToVocabularyCase,
  tokenizerFromJSON,
  unknownPieces,
  type Tokenizer,
} from '@rnnlab/tokenization';
import type { SampleOptions } from './api';
import { readCheckpoint, scanCheckpoints, trainedWeights, type Checkpoint } from './checkpoint';
import { CheckpointError } from './errors/checkpoint-error';
import { SampleInputError } from './errors/sample-input-error';
import { createNativeStepper } from '@rnnlab/engine-native';
import { selectEngine } from './engines';
import { scoped } from './objectives';
import { generate } from './generate';
import { pickToken } from './pick-token';

export { pickToken };

const EVAL = { training: false } as const;

/** Load a trained model and its tokenizers from a checkpoint file or directory. */
export async function loadTrained(path: string, engineChoice: SampleOptions['engine'] = 'auto', opts: { threads?: number } = {}) {
  await initBackend('auto');
  const s = await stat(path).catch(() => null);
  if (!s) throw new CheckpointError(`--checkpoint: no such file or directory: ${path}`);
  let ck: Checkpoint;
  if (s.isDirectory()) {
    const scan = await scanCheckpoints(path);
    if (!scan.found) {
      const why = scan.skipped.length ? scan.skipped.map((k) => k.reason).join('; ') : 'it holds no checkpoint files (ckpt-NNNNNNNNN.json)';
      throw new CheckpointError(`--checkpoint: no usable checkpoint in directory ${path}: ${why}`);
    }
    ck = scan.found.checkpoint;
  } else ck = await readCheckpoint(path);
  const config = parseRunConfig(ck.config);
  const model = new RecurrentModel(ck.modelSpec as ConstructorParameters<typeof RecurrentModel>[0], config.seed, await selectEngine(engineChoice, opts));
  model.setWeights(trainedWeights(ck));
  const input = ck.tokenizers.input ? tokenizerFromJSON(ck.tokenizers.input) : null;
  const target = ck.tokenizers.target ? tokenizerFromJSON(ck.tokenizers.target) : input;
  return { model, config, input, target, step: ck.step };
}

/** Most tokens a language model generates per call: 100k tokens take seconds on native, minutes on tfjs. */
export const LM_MAX_LENGTH = 100_000;
/** Longest encoder–decoder output: the seq2seq tasks' targets are at most a few hundred tokens. */
export const SEQ2SEQ_MAX_LENGTH = 1000;
/** Widest beam: each step ranks width x V candidates, and beyond a few dozen beams nothing improves. */
export const MAX_BEAM = 64;

/** Ids a language model never emits when sampling: the specials carry no text (<unk> is a rendering of "unknown"). */
const NEVER_SAMPLED: readonly number[] = SPECIAL_TOKENS.map((_, id) => id);
/**
 * The token that precedes every sequence the language-model tasks train on: the names stream is
 * every name followed by "\n", and a text file's lines end with it.
 */
const BOUNDARY = '\n';

type ModelKind = 'lm' | 'seq2seq';

/** Sample text from a checkpoint (see SampleOptions); throws SampleInputError for options or input the checkpoint cannot take. */
export async function sample(o: SampleOptions): Promise<string> {
  const { model, config, input, target } = await loadTrained(o.checkpoint, o.engine, { threads: o.threads });
  try {
    const task = config.task.name;
    const topology = model.spec.topology;
    if (topology === 'one-to-many' && input) return generateFrom(model, input, task, o);
    if (o.category !== undefined || o.count !== undefined) {
      throw new SampleInputError(`--category, --count: apply to one-to-many checkpoints (task names-by-category); this checkpoint is a ${topology} model (task ${task})`);
    }
    if (topology !== 'encoder-decoder' && topology !== 'many-to-many') {
      throw new SampleInputError(`--checkpoint: cannot sample from a ${topology} model (task ${task}): sampling needs a language model or an encoder-decoder (seq2seq) checkpoint`);
    }
    if (!input || !target) throw new SampleInputError(`--checkpoint: this checkpoint (task ${task}) has no tokenizer: sampling needs a text task (a language model or seq2seq)`);
    const kind: ModelKind = topology === 'encoder-decoder' ? 'seq2seq' : 'lm';
    const issues = optionIssues(o, kind, task, target.vocabSize);
    if (issues.length) throw new SampleInputError(issues.join('\n'));
    const prime = checkPrime(input, o.prime ?? '', task);
    const rng = new Rng(o.seed ?? 1).fork('sample');
    if (kind === 'seq2seq') {
      if (prime === '') throw new SampleInputError(`--prime: required for an encoder-decoder (seq2seq) checkpoint (task ${task}): the source sequence to decode`);
      const ids = beamDecode(model, input.encode(prime), o.beam ?? 1, o.length ?? 100);
      return target.decode(ids.filter((i) => i !== EOS_ID));
    }
    if (!lmFeed(input, prime)) {
      throw new SampleInputError(
        `--prime: required for this checkpoint (task ${task}): its vocabulary has no ${JSON.stringify(BOUNDARY)} to start a new line from, so give the text to continue`,
      );
    }
    return sampleLm(model, input, prime, o.length ?? 200, o.temperature ?? 1, o.topK ?? 0, rng);
  } finally {
    model.dispose();
  }
}

/** A one-to-many checkpoint: `count` sequences of `--category`, one per line. */
function generateFrom(model: RecurrentModel, tok: Tokenizer, task: string, o: SampleOptions): string {
  const categories = task === 'names-by-category' ? NAME_CATEGORIES : [];
  const issues: string[] = [];
  if (o.category === undefined) issues.push(`--category: required for a one-to-many checkpoint (task ${task}): one of ${categories.join(', ')}`);
  else if (!(categories as readonly string[]).includes(o.category)) issues.push(`--category: expected one of ${categories.join(', ')}, got ${JSON.stringify(o.category)}`);
  if (o.prime !== undefined) issues.push(`--prime: does not apply to a one-to-many checkpoint (task ${task}): it generates from its category alone`);
  if (o.beam !== undefined) issues.push(`--beam: applies to encoder-decoder (seq2seq) checkpoints; this checkpoint is one-to-many (task ${task})`);
  if (o.length !== undefined && !(Number.isSafeInteger(o.length) && o.length >= 1 && o.length <= GENERATION_MAX_LENGTH)) {
    issues.push(`--length: expected a positive integer <= ${GENERATION_MAX_LENGTH} for a one-to-many checkpoint (the longest sequence), got ${JSON.stringify(String(o.length))}`);
  }
  const emittable = tok.vocabSize - SPECIAL_TOKENS.length + 1; // characters and <eos>
  if (o.topK !== undefined && !(Number.isSafeInteger(o.topK) && o.topK >= 0 && o.topK <= emittable)) {
    issues.push(`--top-k: expected an integer >= 0 and <= ${emittable} for this checkpoint (its characters and <eos>; 0: all), got ${JSON.stringify(String(o.topK))}`);
  }
  if (issues.length) throw new SampleInputError(issues.join('\n'));
  const rng = new Rng(o.seed ?? 1).fork('sample');
  const category = (categories as readonly string[]).indexOf(o.category as string);
  const names = generate(model, tok, { category, categories: categories.length, n: o.count ?? 10, maxLen: o.length ?? 32, temperature: o.temperature ?? 1, topK: o.topK ?? 0, rng });
  return names.join('\n');
}

/** Longest sequence a one-to-many model generates per call. */
export const GENERATION_MAX_LENGTH = 1000;

/** Every option that does not apply to this kind of model or is out of bounds, one message each, in flag order. */
function optionIssues(o: SampleOptions, kind: ModelKind, task: string, V: number): string[] {
  const issues: string[] = [];
  const isLm = kind === 'lm';
  const what = isLm ? `a language model (task ${task})` : `an encoder-decoder (seq2seq) model (task ${task})`;
  const maxLength = isLm ? LM_MAX_LENGTH : SEQ2SEQ_MAX_LENGTH;
  if (o.length !== undefined && !(Number.isSafeInteger(o.length) && o.length >= 1 && o.length <= maxLength)) {
    const why = isLm ? '' : ' for an encoder-decoder (seq2seq) checkpoint (the longest output)';
    issues.push(`--length: expected a positive integer <= ${maxLength}${why}, got ${JSON.stringify(String(o.length))}`);
  }
  for (const [flag, given] of [['--temperature', o.temperature], ['--top-k', o.topK]] as const) {
    if (!isLm && given !== undefined) {
      issues.push(`${flag}: applies to language-model checkpoints (sampling); this checkpoint is ${what}, decoded greedily or by beam search (--beam W)`);
    }
  }
  const emittable = V - NEVER_SAMPLED.length;
  if (isLm && o.topK !== undefined && !(Number.isSafeInteger(o.topK) && o.topK >= 0 && o.topK <= emittable)) {
    issues.push(`--top-k: expected an integer >= 0 and <= ${emittable} for this checkpoint (its vocabulary: ${emittable} tokens and ${NEVER_SAMPLED.length} special ones, never sampled; 0: all), got ${JSON.stringify(String(o.topK))}`);
  }
  if (isLm && o.beam !== undefined) issues.push(`--beam: applies to encoder-decoder (seq2seq) checkpoints; this checkpoint is ${what}`);
  if (!isLm && o.beam !== undefined && !(Number.isSafeInteger(o.beam) && o.beam >= 1 && o.beam <= MAX_BEAM)) {
    issues.push(`--beam: expected a positive integer <= ${MAX_BEAM}, got ${JSON.stringify(String(o.beam))}`);
  }
  return issues;
}

/**
 * The prime as the model can read it: folded to the vocabulary's case when the vocabulary is
 * one-case ("hello" for a model trained on "HELLO"); throws naming what is still unknown.
 */
function checkPrime(tok: Tokenizer, prime: string, task: string): string {
  if (prime === '') return prime;
  const folded = foldToVocabularyCase(tok, prime);
  const unknown = unknownPieces(tok, folded);
  if (unknown.length === 0) return folded;
  const unit = tok.kind === 'word' ? 'words' : 'characters';
  const note = folded === prime ? '' : ` (after case-folding the prime to ${JSON.stringify(folded)}, the case of the vocabulary)`;
  throw new SampleInputError(
    `--prime: ${unit} the model never saw: ${unknown.map((u) => JSON.stringify(u)).join(', ')}${note}; ` +
      `the vocabulary of this checkpoint (task ${task}) holds ${describeVocabulary(tok)}`,
  );
}

/**
 * What to feed before the first sampled token: the boundary "\n" when the vocabulary has it (so a
 * name starts as every training name did; a prime then starts a new line), then the prime. Null
 * when there is neither a boundary nor a prime.
 */
export function lmFeed(tok: Tokenizer, prime: string): number[] | null {
  const primeIds = tok.encode(prime);
  const boundary = tok.tokenToId(BOUNDARY);
  if (boundary === UNK_ID || prime.startsWith(BOUNDARY)) return primeIds.length ? primeIds : null;
  return [boundary, ...primeIds];
}

/**
 * Char-rnn style sampling: feed the boundary and the prime (see lmFeed), then feed back each
 * sampled token; returns the prime followed by the generated text. Special tokens are never
 * sampled. With neither a boundary in the vocabulary nor a prime it starts from <bos>, which only
 * an untrained model (the latency benchmark) can take: sample() refuses that case for a checkpoint.
 */
export function sampleLm(model: RecurrentModel, tok: Tokenizer, prime: string, length: number, temperature: number, topK: number, rng: Rng): string {
  const out = sampleLmIds(model, tok, prime, length, temperature, topK, rng);
  // decode prime and continuation together, so that a word tokenizer spaces them as it spaces words
  const primeIds = tok.encode(prime);
  const head = tok.decode(primeIds);
  const full = tok.decode([...primeIds, ...out]);
  return full.startsWith(head) ? prime + full.slice(head.length) : full;
}

/** The ids sampleLm generates (the fed boundary and prime excluded). */
export function sampleLmIds(model: RecurrentModel, tok: Tokenizer, prime: string, length: number, temperature: number, topK: number, rng: Rng): number[] {
  const feed = lmFeed(tok, prime) ?? [BOS_ID];
  const pick = (logits: Float32Array) => pickToken(logits, temperature, topK, rng, NEVER_SAMPLED);
  const out: number[] = [];
  const stepper = model.engine.name === 'native' ? createNativeStepper(model) : null;
  if (stepper) {
    // the native engine steps without tfjs: the same numbers, a fraction of the latency at batch 1
    let logits: Float32Array = new Float32Array(0);
    for (const id of feed) logits = stepper.step(id);
    for (let i = 0; i < length; i++) {
      const id = pick(logits);
      out.push(id);
      if (i + 1 < length) logits = stepper.step(id);
    }
    return out;
  }
  let states: LayerState[] | null = null;
  let ids = feed;
  for (let i = 0; i < length; i++) {
    const { next, logits } = scoped(() => {
      const r = model.manyToMany({ kind: 'ids', ids: tf.tensor1d(Int32Array.from(ids), 'int32') }, ids.length, 1, states, null, EVAL);
      const last = tf.slice(r.logits, [ids.length - 1, 0], [1, -1]); // [1, V]
      return { next: r.states.map((s) => ({ h: tf.keep(s.h), c: s.c ? tf.keep(s.c) : null })), logits: last.dataSync() as Float32Array };
    });
    if (states) for (const s of states) tf.dispose(s.c ? [s.h, s.c] : [s.h]);
    states = next;
    const id = pick(logits);
    out.push(id);
    ids = [id];
  }
  if (states) for (const s of states) tf.dispose(s.c ? [s.h, s.c] : [s.h]);
  return out;
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
