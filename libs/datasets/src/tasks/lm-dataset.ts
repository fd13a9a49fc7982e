/**
 * A language-modelling dataset: one token stream per split, batched as TBPTT windows.
 */
import type { TaskName } from '@rnnlab/contracts';
import type { Tokenizer } from '@rnnlab/tokenization';
import { checkBatchOptions } from '../batching/batch-options';
import { LmStreamIterator } from '../batching/lm-stream-iterator';
import { DataError } from '../errors/data-error';
import type { PreparedDataset, Split } from '../types';
import { datasetHeader } from './dataset-header';

export interface LmDatasetArgs {
  name: TaskName;
  describe: string;
  tokenizer: Tokenizer;
  streams: Record<Split, Int32Array>;
  /** window k when the trainer passes none (or 0): task.seqLen */
  defaultWindow: number;
}

export function lmDataset(args: LmDatasetArgs): PreparedDataset {
  const { name, tokenizer, streams, defaultWindow } = args;
  if (streams.train.length < 2) {
    throw new DataError(
      `the train split of task "${name}" holds ${streams.train.length} token(s), fewer than the 2 a language model ` +
        `needs (one to read, one to predict): lower task.valFraction or task.testFraction, or train on more data`,
    );
  }
  const V = tokenizer.vocabSize;
  return {
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
}
