/**
 * What each PreparedDataset was built from, so that encodeDataset() can store it and
 * decodeDataset() can build the same dataset again through the same code path.
 *
 * Token tasks record their builder's arguments (tokenizers and token arrays: decoding then skips
 * loading and tokenizing). The synthetic tasks whose train split is drawn on the fly (adding,
 * copy) record their recipe, the parsed task and the seed: rebuilding them is cheap and exact.
 *
 * The record lives in a WeakMap keyed by the dataset object, so PreparedDataset keeps its public
 * shape and a dataset that is garbage collected takes its record with it. A copy of a dataset
 * (`{ ...ds }`) has no record and cannot be encoded.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import type { PreparedDataset } from '../types';
import type { ClassificationDatasetArgs, LmDatasetArgs, Seq2SeqDatasetArgs } from './builder-args';

export type DatasetSource =
  | { builder: 'lm'; args: LmDatasetArgs }
  | { builder: 'seq2seq'; args: Seq2SeqDatasetArgs }
  | { builder: 'classification'; args: ClassificationDatasetArgs }
  /** adding, copy, names-by-category: their prepare function on (task, seed) again */
  | { builder: 'recipe'; task: TaskConfig; seed: number };

export type DatasetBuilder = DatasetSource['builder'];

const sources = new WeakMap<PreparedDataset, DatasetSource>();

/** Remember what `ds` was built from; returns `ds`. */
export function recordSource(ds: PreparedDataset, source: DatasetSource): PreparedDataset {
  sources.set(ds, source);
  return ds;
}

/** What `ds` was built from, or undefined for a dataset no builder made. */
export function sourceOf(ds: PreparedDataset): DatasetSource | undefined {
  return sources.get(ds);
}
