/**
 * Seq2seq baseline: a unigram model of target tokens, blind to the source and to the prefix,
 *   P(y) = (c(y) + 1) / (n + Vt)
 * with counts over every decoder target of the train split (tgtOut where tgtMask > 0, so <eos>
 * included, padding not). Scored like the trainer's teacher-forced metrics: loss in nats and
 * token accuracy of always emitting the most frequent token, both means over the masked positions.
 */
import type { Metrics } from '@rnnlab/contracts';
import { DataError } from '../errors/data-error';
import type { Seq2SeqBatch } from '../types';
import { SmoothedCounts } from './smoothed-counts';

const WHERE = 'unigramBaseline()';

/** `{ unigram_loss, unigram_token_accuracy }` on `val`; {} when either side has no target token. */
export function unigramBaseline(train: Iterable<Seq2SeqBatch>, val: Iterable<Seq2SeqBatch>): Metrics {
  let fit: SmoothedCounts | null = null;
  for (const b of train) {
    fit ??= new SmoothedCounts(b.shape.Vt, WHERE);
    checkVocab(b, fit.V, 'train');
    for (let i = 0; i < b.tgtOut.length; i++) if (b.tgtMask[i] > 0) fit.add(b.tgtOut[i], b.tgtMask[i]);
  }
  if (!fit || fit.total === 0) return {};
  const top = fit.argmax();
  const nats = fit.nats(); // [Vt]

  let loss = 0;
  let hits = 0;
  let count = 0;
  for (const b of val) {
    checkVocab(b, fit.V, 'val');
    for (let i = 0; i < b.tgtOut.length; i++) {
      const w = b.tgtMask[i];
      if (!(w > 0)) continue;
      const y = b.tgtOut[i];
      if (!(y >= 0 && y < fit.V)) throw new DataError(`expected val target ids in [0, ${fit.V}) in ${WHERE}, got ${y}`);
      loss += w * nats[y];
      if (y === top) hits += w;
      count += w;
    }
  }
  return count > 0 ? { unigram_loss: loss / count, unigram_token_accuracy: hits / count } : {};
}

function checkVocab(b: Seq2SeqBatch, V: number, split: string): void {
  if (b.shape.Vt !== V) {
    throw new DataError(`expected ${split} batches with Vt = ${V} in ${WHERE}, got Vt = ${b.shape.Vt}`);
  }
}
