import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, RecurrentModel } from '@rnnlab/models';
import { Rng } from '@rnnlab/random';
import { CharTokenizer } from '@rnnlab/tokenization';
import { greedyDecode } from './evaluate';
import { beamDecode, pickToken, sampleLm } from './sample';

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
});
