import { BOS_ID, EOS_ID, PAD_ID } from '@rnnlab/tokenization';
import { describe, expect, it } from 'vitest';
import { collateClassification, collateSeq2Seq } from './pad-batch';

const seqs = [Int32Array.from([5, 6, 7]), Int32Array.from([8]), Int32Array.from([9, 10])];

describe('padded batches', () => {
  it('pads classification rows at the end to the longest row, with a mask', () => {
    const b = collateClassification(seqs, Int32Array.from([1, 0, 1]), [1, 0], 11, 2);
    expect(b.shape).toEqual({ B: 2, T: 3, V: 11, C: 2 });
    expect([...b.tokens]).toEqual([8, PAD_ID, PAD_ID, 5, 6, 7]);
    expect([...b.mask]).toEqual([1, 0, 0, 1, 1, 1]);
    expect([...b.labels]).toEqual([0, 1]);
  });

  it('builds decoder input <bos> y and output y <eos>', () => {
    const b = collateSeq2Seq(seqs, [Int32Array.from([20, 21]), Int32Array.from([22]), Int32Array.from([])], [0, 1], 11, 30);
    expect(b.shape).toEqual({ B: 2, Ts: 3, Tt: 3, Vs: 11, Vt: 30 });
    expect([...b.src]).toEqual([5, 6, 7, 8, PAD_ID, PAD_ID]);
    expect([...b.srcMask]).toEqual([1, 1, 1, 1, 0, 0]);
    expect([...b.tgtIn]).toEqual([BOS_ID, 20, 21, BOS_ID, 22, PAD_ID]);
    expect([...b.tgtOut]).toEqual([20, 21, EOS_ID, 22, EOS_ID, PAD_ID]);
    expect([...b.tgtMask]).toEqual([1, 1, 1, 1, 1, 0]);
  });
});
