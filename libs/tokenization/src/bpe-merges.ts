/**
 * Learning BPE merges (Sennrich et al. 2016, "Neural Machine Translation of Rare Words with Subword
 * Units"), over code points, with the usual incremental bookkeeping:
 *
 *   words  w_i with frequency f_i          (distinct pre-split chunks, as symbol ids)
 *   count(a, b) = sum_i f_i * #{j : w_i[j] = a, w_i[j+1] = b}
 *   repeat: (a, b) = argmax count (ties: smallest (token a, token b) by code points)
 *           add token ab; rewrite only the words that contain (a, b); update their pair counts
 *   until the vocabulary is full or the best pair occurs fewer than 2 times.
 *
 * A max-heap with lazy deletion finds the best pair: every count change pushes a fresh entry and
 * entries whose count is out of date are dropped when popped.
 */
import { BinaryHeap } from './binary-heap';
import { MAX_VOCAB_LIMIT } from './tokenizer-options';
import { compareCodePoints, type Vocabulary } from './vocabulary';

/** One learned merge: ids of the left part, the right part and the merged token. */
export type Merge = readonly [left: number, right: number, merged: number];

/** Symbol id used in words for a code point outside the vocabulary: never part of a pair. */
const OUTSIDE = -1;

/** A pair of ids as one exact number (ids are below MAX_VOCAB_LIMIT = 2^26). */
export function pairKey(a: number, b: number): number {
  return a * MAX_VOCAB_LIMIT + b;
}

/**
 * Learn merges from chunk frequencies, adding each merged token to `vocab` (which already holds the
 * specials, byte tokens and alphabet) until `vocab.size` reaches `maxVocab`.
 */
export function learnMerges(chunks: ReadonlyMap<string, number>, vocab: Vocabulary, maxVocab: number): Merge[] {
  const where = 'learnMerges()';
  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [chunk, f] of chunks) {
    words.push(Array.from(chunk, (ch) => vocab.get(ch) ?? OUTSIDE));
    freqs.push(f);
  }

  const counts = new Map<number, number>();
  const wordsWith = new Map<number, Set<number>>();
  const forEachPair = (w: readonly number[], fn: (key: number) => void) => {
    for (let j = 0; j + 1 < w.length; j++) if (w[j] !== OUTSIDE && w[j + 1] !== OUTSIDE) fn(pairKey(w[j], w[j + 1]));
  };
  const noteWord = (key: number, i: number) => {
    const set = wordsWith.get(key);
    if (set) set.add(i);
    else wordsWith.set(key, new Set([i]));
  };
  words.forEach((w, i) =>
    forEachPair(w, (k) => {
      counts.set(k, (counts.get(k) ?? 0) + freqs[i]);
      noteWord(k, i);
    }),
  );

  // higher count first, then the smaller pair of token strings
  const split = (key: number) => [Math.floor(key / MAX_VOCAB_LIMIT), key % MAX_VOCAB_LIMIT];
  const text = (id: number) => vocab.token(id, where);
  const before = ([cx, kx]: [number, number], [cy, ky]: [number, number]) => {
    if (cx !== cy) return cx > cy;
    const [ax, bx] = split(kx), [ay, by] = split(ky);
    return (compareCodePoints(text(ax), text(ay)) || compareCodePoints(text(bx), text(by))) < 0;
  };
  const heap = new BinaryHeap<[count: number, key: number]>(before);
  for (const [k, c] of counts) if (c >= 2) heap.push([c, k]);

  const merges: Merge[] = [];
  while (vocab.size < maxVocab) {
    const top = heap.pop();
    if (!top) break;
    const [count, key] = top;
    if (counts.get(key) !== count) continue; // stale entry
    const [a, b] = split(key);
    const m = vocab.add(text(a) + text(b));
    merges.push([a, b, m]);

    // rewrite the words holding (a, b), collecting count deltas
    const deltas = new Map<number, number>();
    const add = (k: number, d: number) => deltas.set(k, (deltas.get(k) ?? 0) + d);
    for (const i of wordsWith.get(key) ?? []) {
      const w = words[i];
      const out: number[] = [];
      for (let j = 0; j < w.length; j++) {
        if (j + 1 < w.length && w[j] === a && w[j + 1] === b) {
          out.push(m);
          j++;
        } else out.push(w[j]);
      }
      if (out.length === w.length) continue; // pair no longer in this word
      forEachPair(w, (k) => add(k, -freqs[i]));
      forEachPair(out, (k) => {
        add(k, freqs[i]);
        noteWord(k, i);
      });
      words[i] = out;
    }
    for (const [k, d] of deltas) {
      if (d === 0) continue;
      const n = (counts.get(k) ?? 0) + d;
      if (n > 0) counts.set(k, n);
      else {
        counts.delete(k);
        wordsWith.delete(k);
      }
      if (n >= 2) heap.push([n, k]);
    }
  }
  return merges;
}
