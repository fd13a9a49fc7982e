/**
 * Generating from a one-to-many model (names-by-category): sequences of one category sampled in
 * parallel, each step's character fed back, until <eos> or `maxLen` characters. The other special
 * tokens are never sampled.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerState, RecurrentModel } from '@rnnlab/models';
import type { Rng } from '@rnnlab/random';
import { BOS_ID, EOS_ID, SPECIAL_TOKENS, type Tokenizer } from '@rnnlab/tokenization';
import { disposeStates, keepStates, scoped } from './objectives';
import { pickToken } from './pick-token';

const EVAL = { training: false } as const;
/** specials but <eos>, which ends a sequence */
const NEVER: readonly number[] = SPECIAL_TOKENS.map((_, id) => id).filter((id) => id !== EOS_ID);

export interface GenerateOptions {
  category: number;
  /** number of categories C (the model's input size) */
  categories: number;
  n: number;
  maxLen: number;
  temperature: number;
  topK: number;
  rng: Rng;
}

/** `n` sequences of `category`, decoded. */
export function generate(model: RecurrentModel, tok: Tokenizer, o: GenerateOptions): string[] {
  const out: number[][] = Array.from({ length: o.n }, () => []);
  const done = new Array<boolean>(o.n).fill(false);
  let states: LayerState[] | null = null;
  let prev = new Int32Array(o.n).fill(BOS_ID);
  const onehot = new Float32Array(o.n * o.categories); // [n, C]
  for (let b = 0; b < o.n; b++) onehot[b * o.categories + o.category] = 1;
  for (let t = 0; t < o.maxLen && done.some((d) => !d); t++) {
    const { next, logits } = scoped(() => {
      const x = tf.tensor2d(onehot, [o.n, o.categories]);
      const r = model.oneToManyFed(x, tf.tensor1d(prev, 'int32'), 1, o.n, states, t, EVAL); // logits [n, V]
      return { next: keepStates(r.states), logits: r.logits.dataSync() as Float32Array };
    });
    disposeStates(states);
    states = next;
    const V = logits.length / o.n;
    prev = new Int32Array(o.n);
    for (let b = 0; b < o.n; b++) {
      if (done[b]) continue;
      const id = pickToken(logits.subarray(b * V, (b + 1) * V), o.temperature, o.topK, o.rng, NEVER);
      if (id === EOS_ID) done[b] = true;
      else out[b].push(id);
      prev[b] = id;
    }
  }
  disposeStates(states);
  return out.map((ids) => tok.decode(ids));
}
