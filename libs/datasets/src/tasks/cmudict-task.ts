/**
 * Task `cmudict` (seq2seq): grapheme-to-phoneme conversion, "AARDVARK" -> "AA1 R D V AA2 R K".
 * Source: a character tokenizer over the word's letters; target: a word tokenizer over ARPAbet
 * symbols (with stress digits), both fitted on the train split. task.tokenizer does not apply: the
 * task is defined on letters and phonemes. Words or pronunciations longer than task.seqLen are
 * skipped, then at most task.size entries are used.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import { Rng } from '@rnnlab/random';
import { loadPronunciations } from '../sources/cmudict-source';
import type { PreparedDataset } from '../types';
import { corpusSplit } from './corpus-split';
import { seq2seqDataset } from './example-datasets';
import { mapSplits } from './map-splits';
import { encodeAll, fitTaskTokenizer } from './task-tokenizer';

export function prepareCmudict(task: TaskConfig, seed: number): PreparedDataset {
  const all = loadPronunciations();
  const usable = all.filter((e) => e.word.length <= task.seqLen && e.phones.length <= task.seqLen);
  const parts = corpusSplit(usable, task, new Rng(seed).fork('cmudict'));
  const words = mapSplits(parts, (es) => es.map((e) => e.word));
  const phones = mapSplits(parts, (es) => es.map((e) => e.phones.join(' ')));
  const srcTok = fitTaskTokenizer('char', task, words.train);
  // the phoneme inventory is closed (84 symbols with stress): never capped, never lowercased
  const tgtTok = fitTaskTokenizer('word', { ...task, lowercase: false, vocabSize: 1_000_000 }, phones.train);
  return seq2seqDataset({
    name: 'cmudict',
    describe:
      `CMU dict grapheme-to-phoneme: train ${parts.train.length}, val ${parts.val.length}, test ${parts.test.length} ` +
      `words (of ${usable.length} usable); letters V=${srcTok.vocabSize}, phonemes V=${tgtTok.vocabSize}`,
    srcTokenizer: srcTok,
    tgtTokenizer: tgtTok,
    src: mapSplits(words, (w) => encodeAll(srcTok, w)),
    tgt: mapSplits(phones, (p) => encodeAll(tgtTok, p)),
  });
}
