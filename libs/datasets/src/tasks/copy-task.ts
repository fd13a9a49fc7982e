/**
 * Task `copy`: see synthetic/copy-memory.ts. Train draws fresh examples forever from the batch seed;
 * val and test are fixed sets drawn once from the dataset seed. `task.lag` sets the delay;
 * `task.seqLen` does not apply (T = lag + 21).
 */
import type { TaskConfig } from '@rnnlab/contracts';
import { Rng } from '@rnnlab/random';
import { checkBatchOptions } from '../batching/batch-options';
import { ExampleIterator } from '../batching/example-iterator';
import { gatherRows } from '../batching/gather-rows';
import { GeneratorIterator } from '../batching/generator-iterator';
import {
  COPY_MEMORIZE,
  COPY_SYMBOLS,
  COPY_VOCAB_SIZE,
  copyBaselineNats,
  copyBatch,
  copyBatchFrom,
  copyLength,
  fillCopyExamples,
} from '../synthetic/copy-memory';
import type { PreparedDataset, Split } from '../types';
import { recordSource } from './dataset-source';
import { syntheticEvalCount } from './eval-sizes';

interface FixedSet {
  tokens: Int32Array; // [n, T]
  targets: Int32Array; // [n, T]
  n: number;
}

export function prepareCopy(task: TaskConfig, seed: number): PreparedDataset {
  const lag = task.lag;
  const T = copyLength(lag);
  const fixed = (split: Exclude<Split, 'train'>, fraction: number): FixedSet => {
    const n = syntheticEvalCount(task.size, fraction, 2 * T);
    const tokens = new Int32Array(n * T);
    const targets = new Int32Array(n * T);
    fillCopyExamples(tokens, targets, 0, n, lag, new Rng(seed).fork(`copy:${split}`));
    return { tokens, targets, n };
  };
  const sets = { val: fixed('val', task.valFraction), test: fixed('test', task.testFraction) };
  const int32 = (len: number) => new Int32Array(len);

  const ds: PreparedDataset = {
    name: 'copy',
    kind: 'tagging',
    describe:
      `copy memory: ${COPY_MEMORIZE} symbols over ${COPY_SYMBOLS}, lag ${lag}, T=${T}, V=C=${COPY_VOCAB_SIZE} ` +
      `(0 blank, 1-${COPY_SYMBOLS} symbols, ${COPY_VOCAB_SIZE - 1} delimiter); train: fresh examples ` +
      `(epoch = ${task.size}), val ${sets.val.n}, test ${sets.test.n} fixed; loss on every step, ` +
      `memoryless baseline ${copyBaselineNats(lag).toFixed(4)} nats/step`,
    outputSize: COPY_VOCAB_SIZE,
    sizes: { train: task.size, val: sets.val.n, test: sets.test.n },
    batches(split, opts) {
      const batch = checkBatchOptions(opts);
      if (split === 'train') {
        return new GeneratorIterator('train', opts.seed, 'copy', batch, (rng, B) => copyBatch(rng, B, lag));
      }
      const { tokens, targets, n } = sets[split];
      return new ExampleIterator({
        split,
        count: n,
        batch,
        seed: opts.seed,
        label: 'copy',
        collate: (idx) =>
          copyBatchFrom(gatherRows(tokens, T, idx, int32), gatherRows(targets, T, idx, int32), idx.length, T),
      });
    },
  };
  // train is drawn on the fly and val/test from the seed: the recipe rebuilds it exactly
  return recordSource(ds, { builder: 'recipe', task: { ...task }, seed });
}
