/**
 * A reference point for every task kind: a trivial predictor fitted on the train split only and
 * scored on the validation split on the scale of the trainer's val metrics (same batches, same
 * masks, loss in nats per counted position):
 *
 *   regression      mean_predictor_mse                          training mean           (mean-predictor.ts)
 *   classification  majority_accuracy, prior_loss               class prior             (class-prior.ts)
 *   tagging         memoryless_loss, memoryless_accuracy        per-step target prior   (memoryless.ts)
 *   seq2seq         unigram_loss, unigram_token_accuracy        target unigram          (unigram.ts)
 *   lm              bigram_bits_per_token (+ bigram_bpc)        add-one bigram          (bigram.ts)
 *   generation      bigram_bits_per_token, bigram_bpc           add-one bigram per category (category-bigram.ts)
 */
import type { Metrics } from '@rnnlab/contracts';
import { DataError } from '../errors/data-error';
import type { BatchOptions, PreparedDataset } from '../types';
import { ofKind, splitBatches, trainSample } from './baseline-batches';
import { bigramBitsPerToken } from './bigram';
import { categoryBigramBaseline } from './category-bigram';
import { classPriorBaseline } from './class-prior';
import { meanPredictorBaseline } from './mean-predictor';
import { memorylessBaseline } from './memoryless';
import { unigramBaseline } from './unigram';

export interface BaselineOptions {
  /** batch size B for iterating the splits (the trainer's, so partial batches match) */
  batch: number;
  /** lm: TBPTT window (the trainer's); other kinds ignore it */
  window: number;
  /** seed of the train iterator (which examples an endless synthetic stream yields) */
  seed: number;
}

/**
 * Baseline metrics of `ds` on its validation split; {} when the split is empty. Training data is
 * sampled as in baseline-batches.ts (all of a fixed train set up to FIT_MAX_EXAMPLES examples).
 *
 * @example
 * const ds = await prepareDataset(TaskConfigSchema.parse({ name: 'adding' }), 1);
 * taskBaseline(ds, { batch: 64, window: 0, seed: 1 }); // { mean_predictor_mse: 0.166… }
 */
export function taskBaseline(ds: PreparedDataset, opts: BaselineOptions): Metrics {
  checkOptions(opts);
  if (ds.sizes.val === 0) return {};
  const batchOpts: BatchOptions = { batch: opts.batch, window: opts.window, seed: opts.seed };
  const train = trainSample(ds, batchOpts);
  const val = splitBatches(ds, 'val', batchOpts);
  const from = (split: string) => `split ${split} of dataset "${ds.name}"`;
  switch (ds.kind) {
    case 'regression':
      return meanPredictorBaseline(ofKind(train, 'regression', from('train')), ofKind(val, 'regression', from('val')));
    case 'classification':
      return classPriorBaseline(ofKind(train, 'classification', from('train')), ofKind(val, 'classification', from('val')));
    case 'tagging':
      return memorylessBaseline(ofKind(train, 'tagging', from('train')), ofKind(val, 'tagging', from('val')));
    case 'seq2seq':
      return unigramBaseline(ofKind(train, 'seq2seq', from('train')), ofKind(val, 'seq2seq', from('val')));
    case 'lm':
      return bigramBaseline(ds);
    case 'generation':
      return categoryBigramBaseline(ofKind(train, 'generation', from('train')), ofKind(val, 'generation', from('val')));
  }
}

/**
 * Language models: bits per token of the add-one bigram model on the validation stream (as
 * `bits_per_token`; `bpc` too for character tokenizers). Every transition of the stream counts,
 * which is the trainer's positions except the (N - 1) mod B dropped at the end of the last row.
 */
function bigramBaseline(ds: PreparedDataset): Metrics {
  const streams = ds.tokenStreams;
  if (!streams || streams.val.length < 2) return {};
  const bits = bigramBitsPerToken(streams.train, streams.val, ds.outputSize);
  return ds.inputTokenizer?.kind === 'char' ? { bigram_bits_per_token: bits, bigram_bpc: bits } : { bigram_bits_per_token: bits };
}

function checkOptions({ batch, window, seed }: BaselineOptions): void {
  if (!Number.isInteger(batch) || batch < 1) {
    throw new DataError(`expected opts.batch to be a positive integer in taskBaseline(), got ${batch}`);
  }
  if (!Number.isInteger(window) || window < 0) {
    throw new DataError(`expected opts.window to be a non-negative integer in taskBaseline(), got ${window}`);
  }
  if (!Number.isFinite(seed)) throw new DataError(`expected opts.seed to be a finite number in taskBaseline(), got ${seed}`);
}
