/**
 * A language-modelling dataset: one token stream per split, batched as TBPTT windows.
 */
import { checkBatchOptions } from '../batching/batch-options';
import { LmStreamIterator } from '../batching/lm-stream-iterator';
import { DataError } from '../errors/data-error';
import type { PreparedDataset } from '../types';
import type { LmDatasetArgs } from './builder-args';
import { datasetHeader } from './dataset-header';
import { recordSource } from './dataset-source';

export type { LmDatasetArgs } from './builder-args';

export function lmDataset(args: LmDatasetArgs): PreparedDataset {
  const { name, tokenizer, streams, defaultWindow } = args;
  if (streams.train.length < 2) {
    throw new DataError(
      `the train split of task "${name}" holds ${streams.train.length} token(s), fewer than the 2 a language model ` +
        `needs (one to read, one to predict): lower task.valFraction or task.testFraction, or train on more data`,
    );
  }
  const V = tokenizer.vocabSize;
  const ds: PreparedDataset = {
    ...datasetHeader(args, 'lm', streams),
    inputTokenizer: tokenizer,
    targetTokenizer: tokenizer,
    outputSize: V,
    tokenStreams: streams,
    batches(split, opts) {
      const B = checkBatchOptions(opts);
      const k = opts.window || defaultWindow;
      return new LmStreamIterator(split, streams[split], B, k, V);
    },
  };
  return recordSource(ds, { builder: 'lm', args });
}
