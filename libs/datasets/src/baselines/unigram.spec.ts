import { EOS_ID } from '@rnnlab/tokenization';
import { describe, expect, it } from 'vitest';
import { collateSeq2Seq } from '../batching/pad-batch';
import type { Seq2SeqBatch } from '../types';
import { unigramBaseline } from './unigram';

const V = 6; // 0 pad, 1 unk, 2 bos, 3 eos, 4 and 5 symbols

/** Padded seq2seq batch of target sequences, collated as the datasets do (y <eos>, padding masked). */
const batch = (targets: number[][]): Seq2SeqBatch => {
  const tgt = targets.map((t) => Int32Array.from(t));
  return collateSeq2Seq(tgt.map(() => Int32Array.from([4])), tgt, tgt.map((_, i) => i), V, V);
};

describe('unigramBaseline', () => {
  it('counts every target token and <eos>, not the padding, and matches a hand computation', () => {
    // train targets: [4 4 5 eos] [4 eos] (padding after the short row): c(4)=3, c(5)=1, c(eos)=2, n=6
    // add-one over V=6: P(4)=4/12, P(5)=2/12, P(eos)=3/12; most frequent: 4
    // val: [5 eos] [4 4 4 eos]: 6 positions, 3 of them 4
    const m = unigramBaseline([batch([[4, 4, 5], [4]])], [batch([[5], [4, 4, 4]])]);
    const nats = -(Math.log(2 / 12) + 2 * Math.log(3 / 12) + 3 * Math.log(4 / 12)) / 6;
    expect(m.unigram_loss).toBeCloseTo(nats, 12);
    expect(m.unigram_token_accuracy).toBe(0.5);
  });

  it('scores <eos> every step when every target is empty', () => {
    const m = unigramBaseline([batch([[], []])], [batch([[]])]);
    expect(EOS_ID).toBe(3);
    expect(m.unigram_token_accuracy).toBe(1);
    expect(m.unigram_loss).toBeCloseTo(-Math.log(3 / 8), 12);
  });

  it('is empty when train or val holds no target', () => {
    expect(unigramBaseline([], [batch([[4]])])).toEqual({});
    expect(unigramBaseline([batch([[4]])], [])).toEqual({});
  });

  it('rejects a target vocabulary that changes between splits', () => {
    const other = { ...batch([[4]]), shape: { ...batch([[4]]).shape, Vt: 9 } };
    expect(() => unigramBaseline([batch([[4]])], [other])).toThrow(
      'expected val batches with Vt = 6 in unigramBaseline(), got Vt = 9',
    );
  });
});
