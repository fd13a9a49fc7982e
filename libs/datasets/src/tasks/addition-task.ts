/**
 * Task `addition` (seq2seq): "123+45" -> "168", operands of 1..task.digits digits. One character
 * tokenizer over "0123456789+" serves source and target.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import { ADDITION_ALPHABET, additionSpace, solveAddition } from '../synthetic/integer-addition';
import type { PreparedDataset } from '../types';
import { seq2seqDataset } from './example-datasets';
import { mapSplits } from './map-splits';
import { syntheticSplits } from './synthetic-splits';
import { encodeAll, fitTaskTokenizer } from './task-tokenizer';

export function prepareAddition(task: TaskConfig, seed: number): PreparedDataset {
  const d = task.digits;
  const parts = syntheticSplits(task, seed, 'addition', additionSpace(d), 4 * d + 3);
  const tok = fitTaskTokenizer('char', { ...task, lowercase: false }, ADDITION_ALPHABET);
  return seq2seqDataset({
    name: 'addition',
    describe:
      `integer addition, operands of 1..${d} digits: ` +
      `train ${parts.train.length}, val ${parts.val.length}, test ${parts.test.length} distinct problems; V=${tok.vocabSize}`,
    srcTokenizer: tok,
    tgtTokenizer: tok,
    src: mapSplits(parts, (s) => encodeAll(tok, s)),
    tgt: mapSplits(parts, (s) => encodeAll(tok, s.map(solveAddition))),
  });
}
