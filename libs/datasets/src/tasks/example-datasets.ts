/**
 * Datasets of fixed, variable-length examples: seq2seq pairs and labelled sequences, padded per batch.
 */
import type { TaskName } from '@rnnlab/contracts';
import { checkBatchOptions } from '../batching/batch-options';
import { ExampleIterator } from '../batching/example-iterator';
import { collateClassification, collateSeq2Seq } from '../batching/pad-batch';
import { DataError } from '../errors/data-error';
import type { Batch, PreparedDataset, Split } from '../types';
import type { ClassificationDatasetArgs, Seq2SeqDatasetArgs } from './builder-args';
import { datasetHeader } from './dataset-header';
import { recordSource } from './dataset-source';

export type { ClassificationDatasetArgs, Seq2SeqDatasetArgs } from './builder-args';

export function seq2seqDataset(args: Seq2SeqDatasetArgs): PreparedDataset {
  const { name, srcTokenizer, tgtTokenizer, src, tgt } = args;
  requireTrain(name, src.train.length);
  const Vs = srcTokenizer.vocabSize;
  const Vt = tgtTokenizer.vocabSize;
  const ds: PreparedDataset = {
    ...datasetHeader(args, 'seq2seq', src),
    inputTokenizer: srcTokenizer,
    targetTokenizer: tgtTokenizer,
    outputSize: Vt,
    batches: exampleBatches(name, src, (split, idx) => collateSeq2Seq(src[split], tgt[split], idx, Vs, Vt)),
  };
  return recordSource(ds, { builder: 'seq2seq', args });
}

export function classificationDataset(args: ClassificationDatasetArgs): PreparedDataset {
  const { name, tokenizer, classes, seqs, labels } = args;
  requireTrain(name, seqs.train.length);
  const V = tokenizer.vocabSize;
  const ds: PreparedDataset = {
    ...datasetHeader(args, 'classification', seqs),
    inputTokenizer: tokenizer,
    outputSize: classes,
    batches: exampleBatches(name, seqs, (split, idx) => collateClassification(seqs[split], labels[split], idx, V, classes)),
  };
  return recordSource(ds, { builder: 'classification', args });
}

/** `batches()` over the examples of each split, shuffled per dataset `name`; `collate` builds a batch. */
function exampleBatches(
  name: TaskName,
  examples: Record<Split, readonly unknown[]>,
  collate: (split: Split, indices: readonly number[]) => Batch,
): PreparedDataset['batches'] {
  return (split, opts) =>
    new ExampleIterator({
      split,
      count: examples[split].length,
      batch: checkBatchOptions(opts),
      seed: opts.seed,
      label: name,
      collate: (idx) => collate(split, idx),
    });
}

function requireTrain(name: TaskName, n: number): void {
  if (n < 1) throw new DataError(`expected at least one training example for task "${name}", got 0`);
}
