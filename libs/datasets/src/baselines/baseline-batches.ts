/**
 * The batches a baseline sees: a bounded sample of the train split to fit on, and every batch of
 * an evaluation split to score on (in order, the same batches `evaluate()` of the trainer sees).
 */
import type { TaskKind } from '@rnnlab/contracts';
import { DataError } from '../errors/data-error';
import type {
  Batch,
  BatchOptions,
  ClassificationBatch,
  GenerationBatch,
  PreparedDataset,
  RegressionBatch,
  Seq2SeqBatch,
  SequenceBatch,
  Split,
} from '../types';

/**
 * At most this many training examples are fitted on. Fixed sets of the built-in tasks (20 000
 * examples by default, 80% of them train) fit entirely; endless synthetic streams stop here.
 */
export const FIT_MAX_EXAMPLES = 32_768;
/** and at most about this many stored numbers (as eval-sizes.ts: long sequences must not exhaust memory) */
export const FIT_VALUE_BUDGET = 2 ** 24;

/** The batch type of each task kind. */
export interface BatchOfKind {
  regression: RegressionBatch;
  classification: ClassificationBatch;
  lm: SequenceBatch;
  tagging: SequenceBatch;
  seq2seq: Seq2SeqBatch;
  generation: GenerationBatch;
}

/**
 * Training batches covering n = min(sizes.train, FIT_MAX_EXAMPLES) examples, each at most once.
 * The batch size is the largest divisor of n not above `opts.batch`: a fixed train set (which yields
 * only full batches of a fresh permutation) is then covered exactly, with no example left over.
 * Stops early once FIT_VALUE_BUDGET numbers were yielded.
 */
export function* trainSample(ds: PreparedDataset, opts: BatchOptions): Generator<Batch> {
  const n = Math.min(ds.sizes.train, FIT_MAX_EXAMPLES);
  if (n < 1) return;
  const B = largestDivisorAtMost(n, opts.batch);
  const it = ds.batches('train', { ...opts, batch: B });
  let values = 0;
  for (let seen = 0; seen < n && values < FIT_VALUE_BUDGET; seen += B) {
    const b = it.next();
    if (!b) return;
    values += batchValues(b);
    yield b;
  }
}

/** Every batch of a val/test split, in order, until the iterator ends. */
export function* splitBatches(ds: PreparedDataset, split: Exclude<Split, 'train'>, opts: BatchOptions): Generator<Batch> {
  const it = ds.batches(split, opts);
  for (let b = it.next(); b; b = it.next()) yield b;
}

/** `batches`, checked to be of `kind` (a dataset whose batches do not match its kind is a bug in it). */
export function* ofKind<K extends TaskKind>(batches: Iterable<Batch>, kind: K, where: string): Generator<BatchOfKind[K]> {
  for (const b of batches) {
    if (b.kind !== kind) throw new DataError(`expected ${kind} batches from ${where} in taskBaseline(), got a ${b.kind} batch`);
    yield b as BatchOfKind[K];
  }
}

/** The largest d <= cap dividing n (n, cap >= 1). */
export function largestDivisorAtMost(n: number, cap: number): number {
  for (let d = Math.min(n, cap); d > 1; d--) if (n % d === 0) return d;
  return 1;
}

/** Numbers a batch stores (what FIT_VALUE_BUDGET counts). */
function batchValues(b: Batch): number {
  switch (b.kind) {
    case 'regression':
      return b.x.length + b.y.length;
    case 'classification':
    case 'lm':
    case 'tagging':
      return b.tokens.length;
    case 'generation':
      return b.tokens.length + b.targets.length;
    case 'seq2seq':
      return b.src.length + b.tgtOut.length;
  }
}
