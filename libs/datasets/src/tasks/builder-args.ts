/**
 * What the three dataset builders (lm-dataset.ts, example-datasets.ts) are built from. Kept apart
 * from the builders so that dataset-source.ts can name them without an import cycle.
 */
import type { TaskName } from '@rnnlab/contracts';
import type { Tokenizer } from '@rnnlab/tokenization';
import type { Split } from '../types';

export interface LmDatasetArgs {
  name: TaskName;
  describe: string;
  tokenizer: Tokenizer;
  streams: Record<Split, Int32Array>;
  /** window k when the trainer passes none (or 0): task.seqLen */
  defaultWindow: number;
}

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

export interface ClassificationDatasetArgs {
  name: TaskName;
  describe: string;
  tokenizer: Tokenizer;
  classes: number;
  seqs: Record<Split, Int32Array[]>;
  /** per split: [n] class ids */
  labels: Record<Split, Int32Array>;
}
