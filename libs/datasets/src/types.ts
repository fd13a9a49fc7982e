/**
 * What datasets hand to the trainer: plain typed arrays (no tfjs here), shapes in comments.
 * B batch, T time, I input features, V vocabulary.
 */
import type { TaskKind, TaskName } from '@rnnlab/contracts';
import type { Tokenizer } from '@rnnlab/tokenization';

/** Many-to-one regression (adding problem). */
export interface RegressionBatch {
  kind: 'regression';
  /** [B, T, I] real-valued inputs, row-major */
  x: Float32Array;
  /** [B, O] targets */
  y: Float32Array;
  shape: { B: number; T: number; I: number; O: number };
}

/** Many-to-one classification over token sequences (spam). Padded at the end. */
export interface ClassificationBatch {
  kind: 'classification';
  /** [B, T] token ids */
  tokens: Int32Array;
  /** [B, T] 1 for real tokens, 0 for padding */
  mask: Float32Array;
  /** [B] class ids */
  labels: Int32Array;
  shape: { B: number; T: number; V: number; C: number };
}

/** Aligned many-to-many: language modelling (next token) and tagging (copy memory). */
export interface SequenceBatch {
  kind: 'lm' | 'tagging';
  /** [B, T] input token ids */
  tokens: Int32Array;
  /** [B, T] target ids (for lm: the next token) */
  targets: Int32Array;
  /** [B, T] 1 where the target counts in the loss */
  mask: Float32Array;
  /** [B, T] 1 at the steps that recall what was seen (copy: the symbols after the delimiter); scored as `recall_accuracy` */
  recallMask?: Float32Array;
  shape: { B: number; T: number; V: number; C: number };
  /** TBPTT streams: true when this window continues the previous window of the same stream (carry state) */
  continues: boolean;
}

/** Encoder–decoder. Decoder input = <bos> + target, decoder output = target + <eos>. */
export interface Seq2SeqBatch {
  kind: 'seq2seq';
  /** [B, Ts] source ids, padded */
  src: Int32Array;
  /** [B, Ts] */
  srcMask: Float32Array;
  /** [B, Tt] decoder inputs (<bos> y1 .. y_{n}) */
  tgtIn: Int32Array;
  /** [B, Tt] decoder targets (y1 .. y_n <eos>) */
  tgtOut: Int32Array;
  /** [B, Tt] */
  tgtMask: Float32Array;
  shape: { B: number; Ts: number; Tt: number; Vs: number; Vt: number };
}

/** One-to-many generation: a sequence from one category, the previous token fed back at each step. */
export interface GenerationBatch {
  kind: 'generation';
  /** [B] category ids */
  categories: Int32Array;
  /** [B, T] the previous token at each step: <bos>, then the sequence; <pad> after its end */
  tokens: Int32Array;
  /** [B, T] the sequence then <eos>; <pad> after */
  targets: Int32Array;
  /** [B, T] 1 where the target counts */
  mask: Float32Array;
  shape: { B: number; T: number; V: number; C: number };
}

export type Batch = RegressionBatch | ClassificationBatch | SequenceBatch | Seq2SeqBatch | GenerationBatch;

export type Split = 'train' | 'val' | 'test';

/**
 * A dataset ready for training: tokenizers fitted on the training split only, seeded splits.
 * Iteration is deterministic given (seed, epoch position); `position` can be saved in a checkpoint.
 */
export interface PreparedDataset {
  name: TaskName;
  kind: TaskKind;
  /** one-line human description with sizes */
  describe: string;
  /** input vocabulary (token tasks) — the source side for seq2seq */
  inputTokenizer?: Tokenizer;
  /** target vocabulary for seq2seq (may be the same object as inputTokenizer) */
  targetTokenizer?: Tokenizer;
  /** input features I for dense-input tasks (adding: 2) */
  inputFeatures?: number;
  /** output size: regression outputs O, classes C, or vocabulary V */
  outputSize: number;
  /** number of examples (or tokens for lm streams) per split */
  sizes: Record<Split, number>;
  /** lm only: each split's token stream (e.g. for `bigramBitsPerToken`, or a sampling prompt) */
  tokenStreams?: Record<Split, Int32Array>;
  /** generation only: the category names (ids are their indices) and each split's sequences per category */
  categories?: readonly string[];
  sequencesByCategory?: Record<Split, readonly (readonly string[])[]>;
  /** a batch iterator; for lm with `window` > 0 it yields TBPTT windows of contiguous streams */
  batches(split: Split, opts: BatchOptions): BatchIterator;
}

/** What prepareDataset() is given besides the task: data that no file or built-in corpus holds. */
export interface DatasetSources {
  /** task `text` with `task.upload`: the upload's text, as the store returned it */
  text?: string;
}

export interface BatchOptions {
  batch: number;
  /** lm: window length k (TBPTT); other kinds ignore it */
  window?: number;
  /** seed for shuffling (train split); val/test are never shuffled */
  seed: number;
}

/** A restartable, position-addressable batch stream. */
export interface BatchIterator {
  /** next batch; wraps around (new epoch, reshuffled) for train, returns null at the end for val/test */
  next(): Batch | null;
  /** opaque, JSON-serializable position (epoch, cursor, rng state) */
  position(): unknown;
  /** restore a position from `position()` */
  seek(position: unknown): void;
}
