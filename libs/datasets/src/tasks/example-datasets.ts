/**
 * Datasets of fixed, variable-length examples: seq2seq pairs and labelled sequences, padded per batch.
 */
import type { TaskName } from '@rnnlab/contracts';
import type { Tokenizer } from '@rnnlab/tokenization';
import { checkBatchOptions } from '../batching/batch-options';
import { ExampleIterator } from '../batching/example-iterator';
import { collateClassification, collateSeq2Seq } from '../batching/pad-batch';
import { DataError } from '../errors/data-error';
import type { Batch, PreparedDataset, Split } from '../types';
import { datasetHeader } from './dataset-header';

export interface Seq2SeqDatasetArgs {
  name: TaskName;
  describe: string;
  srcTokenizer: Tokenizer;
  tgtTokenizer: Tokenizer;
  /** per split: source id sequences */
  src: Record<Split, Int32Array[]>;
  /** per split: target id sequences (without <bos>/<eos>) */
  tgt: Record<Split, Int32Array[]>;
}

export function seq2seqDataset(args: Seq2SeqDatasetArgs): PreparedDataset {
  const { name, srcTokenizer, tgtTokenizer, src, tgt } = args;
  requireTrain(name, src.train.length);
  const Vs = srcTokenizer.vocabSize;
  const Vt = tgtTokenizer.vocabSize;
  return {
    ...datasetHeader(args, 'seq2seq', src),
    inputTokenizer: srcTokenizer,
    targetTokenizer: tgtTokenizer,
    outputSize: Vt,
    batches: exampleBatches(name, src, (split, idx) => collateSeq2Seq(src[split], tgt[split], idx, Vs, Vt)),
  };
}

export interface ClassificationDatasetArgs {
  name: TaskName;
  describe: string;
  tokenizer: Tokenizer;
  classes: number;
  seqs: Record<Split, Int32Array[]>;
  /** per split: [n] class ids */
  labels: Record<Split, Int32Array>;
}

export function classificationDataset(args: ClassificationDatasetArgs): PreparedDataset {
  const { name, tokenizer, classes, seqs, labels } = args;
  requireTrain(name, seqs.train.length);
  const V = tokenizer.vocabSize;
  return {
    ...datasetHeader(args, 'classification', seqs),
    inputTokenizer: tokenizer,
    outputSize: classes,
    batches: exampleBatches(name, seqs, (split, idx) => collateClassification(seqs[split], labels[split], idx, V, classes)),
  };
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
