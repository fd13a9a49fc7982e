/**
 * Task `names-by-category` (generation, one-to-many): a first name generated from its category
 * (female, male: the stdlib lists), as in PyTorch's "generating names with a character-level RNN".
 * The category is the one input; the previous character is fed back at every step (<bos> first),
 * and the targets are the name's characters then <eos>. Names are split by name over both lists (a
 * name on both lists is in one split, with both categories), so no name is in two splits. The char
 * tokenizer is fitted on the training names only.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import { Rng } from '@rnnlab/random';
import { BOS_ID, EOS_ID, PAD_ID } from '@rnnlab/tokenization';
import { checkBatchOptions } from '../batching/batch-options';
import { ExampleIterator } from '../batching/example-iterator';
import { loadNamesByCategory, NAME_CATEGORIES } from '../sources/names-source';
import type { GenerationBatch, PreparedDataset, Split } from '../types';
import { corpusSplit } from './corpus-split';
import { recordSource } from './dataset-source';
import { mapSplits } from './map-splits';
import { fitTaskTokenizer } from './task-tokenizer';

interface Example {
  category: number;
  ids: Int32Array;
}

export function prepareNamesByCategory(task: TaskConfig, seed: number): PreparedDataset {
  const lists = loadNamesByCategory();
  const norm = (n: string) => (task.lowercase ? n.toLowerCase() : n);
  const perCategory = NAME_CATEGORIES.map((c) => new Set(lists[c].map(norm)));
  const all = [...new Set(perCategory.flatMap((s) => [...s]))].sort();
  const parts = corpusSplit(all, task, new Rng(seed).fork('names-by-category'));
  const byCategory = mapSplits(parts, (names) => perCategory.map((set) => names.filter((n) => set.has(n))));
  const tok = fitTaskTokenizer('char', task, parts.train.join('\n'));
  const examples = mapSplits(byCategory, (cats) => cats.flatMap((names, category) => names.map((n): Example => ({ category, ids: Int32Array.from(tok.encode(n)) }))));
  const T = 1 + Math.max(1, ...Object.values(examples).flatMap((xs) => xs.map((x) => x.ids.length)));
  const V = tok.vocabSize;
  const C = NAME_CATEGORIES.length;
  const count = (s: Split) => examples[s].length;

  const collate = (xs: readonly Example[]): GenerationBatch => {
    const B = xs.length;
    const tokens = new Int32Array(B * T).fill(PAD_ID); // [B, T]
    const targets = new Int32Array(B * T).fill(PAD_ID); // [B, T]
    const mask = new Float32Array(B * T); // [B, T]
    xs.forEach((x, b) => {
      const row = b * T;
      tokens[row] = BOS_ID;
      tokens.set(x.ids, row + 1);
      targets.set(x.ids, row);
      targets[row + x.ids.length] = EOS_ID;
      mask.fill(1, row, row + x.ids.length + 1);
    });
    return { kind: 'generation', categories: Int32Array.from(xs, (x) => x.category), tokens, targets, mask, shape: { B, T, V, C } };
  };

  const ds: PreparedDataset = {
    name: 'names-by-category',
    kind: 'generation',
    describe:
      `first names from their category (${NAME_CATEGORIES.join(', ')}; char generation, one-to-many): ` +
      `train ${count('train')}, val ${count('val')}, test ${count('test')} (name, category) pairs over ${parts.train.length}/${parts.val.length}/${parts.test.length} names; T=${T}, V=${V}`,
    inputTokenizer: tok,
    inputFeatures: C,
    outputSize: V,
    sizes: { train: count('train'), val: count('val'), test: count('test') },
    categories: NAME_CATEGORIES,
    sequencesByCategory: byCategory,
    batches(split, opts) {
      const batch = checkBatchOptions(opts);
      const xs = examples[split];
      return new ExampleIterator({ split, count: xs.length, batch, seed: opts.seed, label: 'names-by-category', collate: (idx) => collate(idx.map((i) => xs[i])) });
    },
  };
  // built from the bundled lists and the seed: the recipe rebuilds it exactly (and cheaply)
  return recordSource(ds, { builder: 'recipe', task: { ...task }, seed });
}
