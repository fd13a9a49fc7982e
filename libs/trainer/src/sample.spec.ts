import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { nativeStatus } from '@rnnlab/engine-native';
import { initBackend, RecurrentModel, type Engine } from '@rnnlab/models';
import { Rng } from '@rnnlab/random';
import { BOS_ID, CharTokenizer, SPECIAL_TOKENS, WordTokenizer, type Tokenizer } from '@rnnlab/tokenization';
import { selectEngine } from './engines';
import { greedyDecode } from './evaluate';
import { beamDecode, lmFeed, pickToken, sampleLm, sampleLmIds } from './sample';

const NAMES = 'Anna\nBob\nCarla\nDave\nEve\n';
/** Both engines when the native addon is built; tfjs alone otherwise (the reason is in the test name). */
const ENGINES: ('tfjs' | 'native')[] = nativeStatus().available ? ['tfjs', 'native'] : ['tfjs'];
const nativeNote = nativeStatus().available ? '' : ` (native skipped: ${nativeStatus().reason ?? 'unavailable'})`;

/** An untrained char LM whose head favours the special tokens (bias +4 on ids 0..3), so a sampler that does not mask them emits them often. */
async function specialLovingLm(tok: Tokenizer, engine: 'tfjs' | 'native'): Promise<RecurrentModel> {
  const e: Engine = await selectEngine(engine, { threads: 1 });
  const model = new RecurrentModel({ cell: 'gru', hidden: 8, topology: 'many-to-many', input: { kind: 'tokens', vocab: tok.vocabSize }, outputSize: tok.vocabSize }, 3, e);
  model.setWeights(
    model.getWeights().map((w) => (w.name === 'head.bias' ? { ...w, data: w.data.map((x, i) => (i < SPECIAL_TOKENS.length ? x + 4 : x)) } : w)),
  );
  return model;
}

/** The token a successorLm answers to `id`: a non-special token, distinct for the ids below V - 4. */
function successor(id: number, V: number): number {
  return SPECIAL_TOKENS.length + (id % (V - SPECIAL_TOKENS.length));
}

/**
 * A hand-set Elman RNN (H = V) whose logits depend on the last token fed only: one-hot input
 * x -> h = tanh(3 x) (W_hh = 0, no bias), head h_j -> +5 on successor(j). Greedy sampling then
 * shows which token was fed last.
 */
async function successorLm(tok: Tokenizer, engine: 'tfjs' | 'native'): Promise<RecurrentModel> {
  const V = tok.vocabSize;
  const e: Engine = await selectEngine(engine, { threads: 1 });
  const model = new RecurrentModel({ cell: 'rnn', hidden: V, topology: 'many-to-many', input: { kind: 'tokens', vocab: V }, outputSize: V }, 3, e);
  const ih = new Float32Array(V * V); // [V, H]
  const head = new Float32Array(V * V); // [H, V]
  for (let j = 0; j < V; j++) {
    ih[j * V + j] = 3;
    head[j * V + successor(j, V)] = 5;
  }
  const set: Record<string, Float32Array> = { 'rnn.weight_ih_l0': ih, 'head.weight': head };
  model.setWeights(model.getWeights().map((w) => ({ ...w, data: set[w.name] ?? new Float32Array(w.data.length) })));
  return model;
}

describe('sampling and decoding', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('pickToken: temperature 0 is argmax, top-k 1 is argmax, and frequencies follow the softmax', () => {
    const logits = Float32Array.from([0, Math.log(3), -5, 0]);
    const rng = new Rng(1);
    expect(pickToken(logits, 0, 0, rng)).toBe(1);
    expect(pickToken(logits, 1, 1, rng)).toBe(1);
    const n = 20000;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[pickToken(logits, 1, 0, rng)]++;
    // p = [1, 3, e^-5, 1] / (5 + e^-5): bounds at about 5 standard deviations
    expect(counts[1] / n).toBeGreaterThan(0.58);
    expect(counts[1] / n).toBeLessThan(0.62);
    expect(counts[2]).toBeGreaterThan(2);
    expect(counts[2]).toBeLessThan(60);
    const k2 = [0, 0, 0, 0];
    for (let i = 0; i < 2000; i++) k2[pickToken(logits, 1, 2, rng)]++;
    // only the two best are drawn: token 1 and one of the tied tokens 0 / 3
    expect(k2[2]).toBe(0);
    expect(k2[0] === 0 || k2[3] === 0).toBe(true);
    expect(k2[1]).toBeGreaterThan(1300);
  });

  it('pickToken never picks an excluded id, by argmax or by sampling', () => {
    const logits = Float32Array.from([9, 8, 0, 1]);
    const rng = new Rng(2);
    expect(pickToken(logits, 0, 0, rng, [0, 1])).toBe(3);
    expect(pickToken(logits, 1, 1, rng, [0])).toBe(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(pickToken(logits, 100, 0, rng, [0, 2]));
    expect([...seen].sort()).toEqual([1, 3]);
    expect(() => pickToken(logits, 1, 0, rng, [0, 1, 2, 3])).toThrow(/all excluded/);
  });

  it('lmFeed starts from the boundary "\\n" that precedes every training name, then the prime', () => {
    const names = new CharTokenizer().fit(NAMES);
    const nl = names.tokenToId('\n');
    expect(lmFeed(names, '')).toEqual([nl]);
    expect(lmFeed(names, 'An')).toEqual([nl, ...names.encode('An')]);
    expect(lmFeed(names, '\nAn')).toEqual(names.encode('\nAn'));
    // no boundary in the vocabulary: only a prime can start it
    const noNewline = new CharTokenizer().fit('abc');
    expect(lmFeed(noNewline, '')).toBeNull();
    expect(lmFeed(noNewline, 'ab')).toEqual(noNewline.encode('ab'));
  });

  for (const engine of ENGINES) {
    it(`sampleLm (${engine}) feeds the boundary "\\n" first: the first token sampled follows it`, async () => {
      const tok = new CharTokenizer().fit(NAMES);
      const nl = tok.tokenToId('\n');
      const model = await successorLm(tok, engine);
      expect(successor(nl, tok.vocabSize)).not.toBe(successor(BOS_ID, tok.vocabSize));
      // greedy: the model answers the last token fed with its successor
      expect(sampleLmIds(model, tok, '', 1, 0, 0, new Rng(4))).toEqual([successor(nl, tok.vocabSize)]);
      expect(sampleLm(model, tok, 'An', 10, 1, 0, new Rng(4)).startsWith('An')).toBe(true);
      model.dispose();
    });

    it(`sampleLm (${engine}) never emits a special token: 2000 tokens at temperature 3`, async () => {
      const tok = new CharTokenizer().fit(NAMES);
      const model = await specialLovingLm(tok, engine);
      const before = tf.memory().numTensors;
      const ids = sampleLmIds(model, tok, '', 2000, 3, 0, new Rng(5));
      expect(tf.memory().numTensors).toBe(before);
      expect(ids).toHaveLength(2000);
      expect(ids.filter((id) => id < SPECIAL_TOKENS.length)).toEqual([]);
      // every sampled token is text: the decoded string has one character per token, none of them U+FFFD (<unk>)
      const text = sampleLm(model, tok, '', 2000, 3, 0, new Rng(5));
      expect([...text]).toHaveLength(2000);
      expect(text).not.toContain('\uFFFD');
      // greedy too, with top-k
      expect(sampleLmIds(model, tok, '', 50, 0, 0, new Rng(5)).every((id) => id >= SPECIAL_TOKENS.length)).toBe(true);
      expect(sampleLmIds(model, tok, '', 50, 3, 2, new Rng(5)).every((id) => id >= SPECIAL_TOKENS.length)).toBe(true);
      model.dispose();
    });
  }

  it('sampleLm (tfjs) feeds the boundary, then the prime, in its first step', async () => {
    const tok = new CharTokenizer().fit(NAMES);
    const model = await specialLovingLm(tok, 'tfjs');
    const fed: number[][] = [];
    const forward = model.manyToMany.bind(model);
    vi.spyOn(model, 'manyToMany').mockImplementation((input, ...rest) => {
      if (input.kind === 'ids') fed.push(Array.from(input.ids.dataSync()));
      return forward(input, ...rest);
    });
    sampleLm(model, tok, 'An', 3, 1, 0, new Rng(4));
    expect(fed[0]).toEqual([tok.tokenToId('\n'), ...tok.encode('An')]);
    expect(fed.slice(1).map((ids) => ids.length)).toEqual([1, 1]);
    model.dispose();
  });

  it(`the native stepper samples the same ids as tfjs${nativeNote}`, async () => {
    if (!ENGINES.includes('native')) return;
    const tok = new CharTokenizer().fit(NAMES);
    const [a, b] = await Promise.all([specialLovingLm(tok, 'tfjs'), specialLovingLm(tok, 'native')]);
    expect(sampleLmIds(b, tok, 'Ev', 200, 1, 0, new Rng(6))).toEqual(sampleLmIds(a, tok, 'Ev', 200, 1, 0, new Rng(6)));
    a.dispose();
    b.dispose();
  });

  it('beam search of width 1 equals greedy decoding, and a wider beam scores at least as well', () => {
    const model = new RecurrentModel({ cell: 'gru', hidden: 8, topology: 'encoder-decoder', input: { kind: 'tokens', vocab: 9 }, outputSize: 9, context: 'attention' }, 5);
    const src = [4, 5, 6, 7];
    const greedy = tf.tidy(() => {
      const d = model.encode(tf.tensor1d(Int32Array.from(src), 'int32'), tf.ones([4, 1]) as tf.Tensor2D, 4, 1, { training: false });
      return greedyDecode(model, d, 1, 6)[0];
    });
    expect(beamDecode(model, src, 1, 6)).toEqual(greedy);
    expect(beamDecode(model, src, 4, 6).length).toBeGreaterThan(0);
    model.dispose();
  });

  it('sampleLm is reproducible for a seed and starts with the prime', () => {
    const tok = new CharTokenizer().fit('abcdef\n');
    const model = new RecurrentModel({ cell: 'lstm', hidden: 8, topology: 'many-to-many', input: { kind: 'tokens', vocab: tok.vocabSize }, outputSize: tok.vocabSize }, 2);
    const a = sampleLm(model, tok, 'ab', 20, 1, 0, new Rng(9));
    const b = sampleLm(model, tok, 'ab', 20, 1, 0, new Rng(9));
    expect(a).toBe(b);
    expect(a.startsWith('ab')).toBe(true);
    model.dispose();
  });

  it('sampleLm spaces a word prime and its continuation as the word tokenizer spaces words', () => {
    const tok = new WordTokenizer().fit('the cat sat on the mat');
    const model = new RecurrentModel({ cell: 'gru', hidden: 8, topology: 'many-to-many', input: { kind: 'tokens', vocab: tok.vocabSize }, outputSize: tok.vocabSize }, 2);
    expect(sampleLm(model, tok, 'the  cat', 3, 1, 0, new Rng(1))).toMatch(/^the {2}cat( [a-z]+){3}$/);
    model.dispose();
  });
});
