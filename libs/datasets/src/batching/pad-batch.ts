/**
 * Collation of variable-length token sequences into padded, masked batches. Padding is PAD_ID (0) at
 * the end of each row; a batch is as long as its longest row (no global seqLen padding).
 */
import { BOS_ID, EOS_ID, PAD_ID } from '@rnnlab/tokenization';
import type { ClassificationBatch, Seq2SeqBatch } from '../types';

/** Rows of `seqs` chosen by `indices`, padded to [B, T]; mask 1 on real tokens. */
export function padRows(
  seqs: readonly Int32Array[],
  indices: readonly number[],
): { ids: Int32Array; mask: Float32Array; T: number } {
  let T = 0;
  for (const i of indices) T = Math.max(T, seqs[i].length);
  const B = indices.length;
  const ids = new Int32Array(B * T).fill(PAD_ID); // [B, T]
  const mask = new Float32Array(B * T); // [B, T]
  indices.forEach((i, b) => {
    ids.set(seqs[i], b * T);
    mask.fill(1, b * T, b * T + seqs[i].length);
  });
  return { ids, mask, T };
}

export function collateClassification(
  seqs: readonly Int32Array[],
  labels: Int32Array,
  indices: readonly number[],
  V: number,
  C: number,
): ClassificationBatch {
  const { ids, mask, T } = padRows(seqs, indices);
  const y = new Int32Array(indices.length); // [B]
  indices.forEach((i, b) => (y[b] = labels[i]));
  return { kind: 'classification', tokens: ids, mask, labels: y, shape: { B: indices.length, T, V, C } };
}

/** Decoder input = <bos> y, decoder target = y <eos>; both padded to Tt = max |y| + 1. */
export function collateSeq2Seq(
  src: readonly Int32Array[],
  tgt: readonly Int32Array[],
  indices: readonly number[],
  Vs: number,
  Vt: number,
): Seq2SeqBatch {
  const B = indices.length;
  const s = padRows(src, indices);
  let Tt = 0;
  for (const i of indices) Tt = Math.max(Tt, tgt[i].length + 1);
  const tgtIn = new Int32Array(B * Tt).fill(PAD_ID); // [B, Tt]
  const tgtOut = new Int32Array(B * Tt).fill(PAD_ID); // [B, Tt]
  const tgtMask = new Float32Array(B * Tt); // [B, Tt]
  indices.forEach((i, b) => {
    const y = tgt[i];
    const row = b * Tt;
    tgtIn[row] = BOS_ID;
    tgtIn.set(y, row + 1);
    tgtOut.set(y, row);
    tgtOut[row + y.length] = EOS_ID;
    tgtMask.fill(1, row, row + y.length + 1);
  });
  return {
    kind: 'seq2seq',
    src: s.ids,
    srcMask: s.mask,
    tgtIn,
    tgtOut,
    tgtMask,
    shape: { B, Ts: s.T, Tt, Vs, Vt },
  };
}
