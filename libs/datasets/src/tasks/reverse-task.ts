/**
 * Task `reverse` (seq2seq): a string over a–z of length 1..min(seqLen, 100) -> the same string
 * reversed. One character tokenizer (fitted on the alphabet) serves source and target.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import { DataError } from '../errors/data-error';
import { REVERSAL_ALPHABET, reversalSpace, reverseString } from '../synthetic/string-reversal';
import type { PreparedDataset } from '../types';
import { seq2seqDataset } from './example-datasets';
import { mapSplits } from './map-splits';
import { syntheticSplits } from './synthetic-splits';
import { encodeAll, fitTaskTokenizer } from './task-tokenizer';

/** longer strings are not a sensible seq2seq benchmark without attention, and cost memory */
export const REVERSAL_MAX_LENGTH = 100;

export function prepareReverse(task: TaskConfig, seed: number): PreparedDataset {
  const maxLength = Math.min(task.seqLen, REVERSAL_MAX_LENGTH);
  if (maxLength < 1) throw new DataError(`task.seqLen: expected at least 1 for task "reverse", got ${task.seqLen}`);
  const parts = syntheticSplits(task, seed, 'reverse', reversalSpace(maxLength), 2 * maxLength);
  // the alphabet is the task's definition, not data: no split can add or lose a symbol
  const tok = fitTaskTokenizer('char', { ...task, lowercase: false }, REVERSAL_ALPHABET);
  return seq2seqDataset({
    name: 'reverse',
    describe:
      `string reversal over a-z, length 1..${maxLength}: ` +
      `train ${parts.train.length}, val ${parts.val.length}, test ${parts.test.length} distinct strings; V=${tok.vocabSize}`,
    srcTokenizer: tok,
    tgtTokenizer: tok,
    src: mapSplits(parts, (s) => encodeAll(tok, s)),
    tgt: mapSplits(parts, (s) => encodeAll(tok, s.map(reverseString))),
  });
}
