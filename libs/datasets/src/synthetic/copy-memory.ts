/**
 * Copy-memory task (Hochreiter & Schmidhuber 1997; the form of Arjovsky et al. 2016). Vocabulary
 * V = C = 10: 0 blank, 1..8 symbols, 9 delimiter. Input of T = lag + 2*10 + 1 steps:
 *   10 random symbols | lag blanks | delimiter | 10 blanks
 * target: blank everywhere except the last 10 steps, which must reproduce the 10 symbols.
 * The loss is the standard one, over every step (mask = 1 everywhere); a model that outputs blanks
 * and then guesses uniformly scores the baseline cross-entropy 10 ln 8 / T nats per step.
 */
import type { Rng } from '@rnnlab/random';
import type { SequenceBatch } from '../types';

export const COPY_BLANK = 0;
/** symbols are ids 1..COPY_SYMBOLS */
export const COPY_SYMBOLS = 8;
export const COPY_DELIMITER = 9;
export const COPY_VOCAB_SIZE = 10;
/** symbols to memorize */
export const COPY_MEMORIZE = 10;

/** Sequence length T for a lag. */
export function copyLength(lag: number): number {
  return lag + 2 * COPY_MEMORIZE + 1;
}

/** Memoryless baseline, nats per step. */
export function copyBaselineNats(lag: number): number {
  return (COPY_MEMORIZE * Math.log(COPY_SYMBOLS)) / copyLength(lag);
}

/** Fill examples first..first+count-1 of tokens and targets [n, T]. */
export function fillCopyExamples(
  tokens: Int32Array,
  targets: Int32Array,
  first: number,
  count: number,
  lag: number,
  rng: Rng,
): void {
  const T = copyLength(lag);
  const recall = T - COPY_MEMORIZE;
  for (let n = first; n < first + count; n++) {
    const row = n * T;
    tokens.fill(COPY_BLANK, row, row + T);
    targets.fill(COPY_BLANK, row, row + T);
    for (let j = 0; j < COPY_MEMORIZE; j++) {
      const symbol = 1 + rng.int(COPY_SYMBOLS);
      tokens[row + j] = symbol;
      targets[row + recall + j] = symbol;
    }
    tokens[row + recall - 1] = COPY_DELIMITER;
  }
}

/** Wrap [B, T] tokens/targets as a tagging batch with the all-ones mask; the recall mask marks the last COPY_MEMORIZE steps. */
export function copyBatchFrom(tokens: Int32Array, targets: Int32Array, B: number, T: number): SequenceBatch {
  const recallMask = new Float32Array(B * T); // [B, T]
  for (let b = 0; b < B; b++) recallMask.fill(1, b * T + T - COPY_MEMORIZE, (b + 1) * T);
  return {
    kind: 'tagging',
    tokens,
    targets,
    mask: new Float32Array(B * T).fill(1), // [B, T]
    recallMask,
    shape: { B, T, V: COPY_VOCAB_SIZE, C: COPY_VOCAB_SIZE },
    continues: false,
  };
}

/** A batch of B fresh examples. */
export function copyBatch(rng: Rng, B: number, lag: number): SequenceBatch {
  const T = copyLength(lag);
  const tokens = new Int32Array(B * T); // [B, T]
  const targets = new Int32Array(B * T); // [B, T]
  fillCopyExamples(tokens, targets, 0, B, lag, rng);
  return copyBatchFrom(tokens, targets, B, T);
}
