/**
 * PreparedDataset -> bytes, to store a dataset once (e.g. as a database blob) and load it in every
 * run that trains on it. What is stored is what the dataset was built from (tasks/dataset-source.ts):
 * builder arguments for token tasks, the recipe (task, seed) for adding and copy.
 *
 * Header (canonical JSON, so the same dataset always gives the same bytes):
 *   builder     "lm" | "seq2seq" | "classification" | "recipe"
 *   dataset     name, kind, describe, outputSize, inputFeatures?, sizes: checked again after decoding
 *   tokenizers  toJSON() of each distinct tokenizer; args refer to them by index (a seq2seq task
 *               that shares one tokenizer stores it once and decodes to one shared object)
 *   args        lm: tokenizer, defaultWindow, streams {train, val, test}: array refs
 *               seq2seq: srcTokenizer, tgtTokenizer, src and tgt {split: {flat, offsets}}
 *               classification: tokenizer, classes, seqs {split: {flat, offsets}}, labels {split}
 *               recipe: task (the parsed TaskConfig), seed
 */
import type { Tokenizer } from '@rnnlab/tokenization';
import { DataError } from '../errors/data-error';
import { mapSplits } from '../tasks/map-splits';
import { sourceOf, type DatasetSource } from '../tasks/dataset-source';
import type { PreparedDataset } from '../types';
import { ArraySectionWriter } from './array-section';
import { writeContainer } from './container';
import { putRagged } from './ragged-arrays';

/**
 * Deterministic bytes of `ds` (equal datasets give equal bytes, fit for a content hash).
 * `ds` must be the object prepareDataset() returned; a copy of it carries no source and throws.
 *
 * @example
 * const bytes = encodeDataset(await prepareDataset(task, seed));
 * const ds = decodeDataset(bytes); // same batches, same positions
 */
export function encodeDataset(ds: PreparedDataset): Uint8Array {
  const source = sourceOf(ds);
  if (source === undefined) {
    throw new DataError(
      `encodeDataset(): dataset "${ds?.name}" was not built by prepareDataset() (no record of what it was built from); ` +
        'encode the object prepareDataset() returned, not a copy or a hand-made dataset',
    );
  }
  checkUnchanged(ds, source);
  const tokenizers: Tokenizer[] = [];
  const tokenizerIndex = (tok: Tokenizer): number => {
    const i = tokenizers.indexOf(tok);
    return i >= 0 ? i : tokenizers.push(tok) - 1;
  };
  const arrays = new ArraySectionWriter();
  const args = encodeArgs(source, tokenizerIndex, arrays);
  const header = {
    builder: source.builder,
    dataset: {
      name: ds.name,
      kind: ds.kind,
      describe: ds.describe,
      outputSize: ds.outputSize,
      inputFeatures: ds.inputFeatures,
      sizes: { train: ds.sizes.train, val: ds.sizes.val, test: ds.sizes.test },
    },
    tokenizers: tokenizers.map((t) => t.toJSON()),
    args,
  };
  return writeContainer(header, arrays.bytes());
}

function encodeArgs(source: DatasetSource, tokenizerIndex: (t: Tokenizer) => number, w: ArraySectionWriter): unknown {
  switch (source.builder) {
    case 'lm': {
      const { tokenizer, streams, defaultWindow } = source.args;
      const V = tokenizer.vocabSize;
      return {
        tokenizer: tokenizerIndex(tokenizer),
        defaultWindow,
        streams: mapSplits(streams, (s, split) => w.put(s, V, `the ${split} token stream`)),
      };
    }
    case 'seq2seq': {
      const { srcTokenizer, tgtTokenizer, src, tgt } = source.args;
      return {
        srcTokenizer: tokenizerIndex(srcTokenizer),
        tgtTokenizer: tokenizerIndex(tgtTokenizer),
        src: mapSplits(src, (s, split) => putRagged(w, s, srcTokenizer.vocabSize, `the ${split} sources`)),
        tgt: mapSplits(tgt, (s, split) => putRagged(w, s, tgtTokenizer.vocabSize, `the ${split} targets`)),
      };
    }
    case 'classification': {
      const { tokenizer, classes, seqs, labels } = source.args;
      return {
        tokenizer: tokenizerIndex(tokenizer),
        classes,
        seqs: mapSplits(seqs, (s, split) => putRagged(w, s, tokenizer.vocabSize, `the ${split} sequences`)),
        labels: mapSplits(labels, (l, split) => w.put(l, classes, `the ${split} labels`)),
      };
    }
    case 'recipe':
      return { task: source.task, seed: source.seed };
  }
}

/** The header fields a decoder rebuilds from the source must still be the dataset's own. */
function checkUnchanged(ds: PreparedDataset, source: DatasetSource): void {
  if (source.builder === 'recipe') {
    if (ds.name === source.task.name) return;
    throw new DataError(`encodeDataset(): dataset "${ds.name}" was changed after it was built from task "${source.task.name}"`);
  }
  for (const key of ['name', 'describe'] as const) {
    if (ds[key] !== source.args[key]) {
      throw new DataError(
        `encodeDataset(): dataset "${ds.name}" was changed after it was built: ${key} is ` +
          `${JSON.stringify(ds[key])}, built as ${JSON.stringify(source.args[key])}`,
      );
    }
  }
}
