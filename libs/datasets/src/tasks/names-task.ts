/**
 * Task `names` (lm): a language model over English first names. Names are deduplicated (after
 * lowercasing when task.lowercase), sorted, then split by name with the seed, so no name is in two
 * splits. Each split is one stream: every name followed by "\n", in the split's (random) order.
 * The tokenizer is task.tokenizer (char by default), fitted on the train stream only.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import { Rng } from '@rnnlab/random';
import { loadFirstNames } from '../sources/names-source';
import type { PreparedDataset } from '../types';
import { corpusSplit } from './corpus-split';
import { lmDataset } from './lm-dataset';
import { mapSplits } from './map-splits';
import { fitTaskTokenizer } from './task-tokenizer';

export function prepareNames(task: TaskConfig, seed: number): PreparedDataset {
  let names = loadFirstNames();
  if (task.lowercase) names = [...new Set(names.map((n) => n.toLowerCase()))].sort();
  const parts = corpusSplit(names, task, new Rng(seed).fork('names'));
  const texts = mapSplits(parts, (ns) => ns.map((n) => `${n}\n`).join(''));
  const tok = fitTaskTokenizer(task.tokenizer, task, texts.train);
  const streams = mapSplits(texts, (t) => Int32Array.from(tok.encode(t)));
  return lmDataset({
    name: 'names',
    describe:
      `first names (${task.tokenizer} lm): train ${parts.train.length}, val ${parts.val.length}, ` +
      `test ${parts.test.length} names (${streams.train.length}/${streams.val.length}/${streams.test.length} tokens); V=${tok.vocabSize}`,
    tokenizer: tok,
    streams,
    defaultWindow: task.seqLen,
  });
}
