/**
 * Task `adding`: see synthetic/adding-problem.ts. Train draws fresh examples forever from the batch
 * seed; val and test are fixed sets drawn once from the dataset seed.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import { Rng } from '@rnnlab/random';
import { checkBatchOptions } from '../batching/batch-options';
import { ExampleIterator } from '../batching/example-iterator';
import { gatherRows } from '../batching/gather-rows';
import { GeneratorIterator } from '../batching/generator-iterator';
import { DataError } from '../errors/data-error';
import { ADDING_BASELINE_MSE, ADDING_FEATURES, addingBatch, fillAddingExamples } from '../synthetic/adding-problem';
import type { PreparedDataset, RegressionBatch, Split } from '../types';
import { recordSource } from './dataset-source';
import { syntheticEvalCount } from './eval-sizes';

interface FixedSet {
  x: Float32Array; // [n, T, I]
  y: Float32Array; // [n, O]
  n: number;
}

export function prepareAdding(task: TaskConfig, seed: number): PreparedDataset {
  const T = task.seqLen;
  if (T < 2) {
    throw new DataError(`task.seqLen: expected at least 2 for task "adding" (one marker per half), got ${T}`);
  }
  const I = ADDING_FEATURES;
  const fixed = (split: Exclude<Split, 'train'>, fraction: number): FixedSet => {
    const n = syntheticEvalCount(task.size, fraction, T * I);
    const x = new Float32Array(n * T * I);
    const y = new Float32Array(n);
    fillAddingExamples(x, y, 0, n, T, new Rng(seed).fork(`adding:${split}`));
    return { x, y, n };
  };
  const sets = { val: fixed('val', task.valFraction), test: fixed('test', task.testFraction) };

  const ds: PreparedDataset = {
    name: 'adding',
    kind: 'regression',
    describe:
      `adding problem: T=${T}, I=${I}, O=1; train: fresh examples (epoch = ${task.size}), ` +
      `val ${sets.val.n}, test ${sets.test.n} fixed; predicting 1 scores MSE ${ADDING_BASELINE_MSE.toFixed(3)}`,
    inputFeatures: I,
    outputSize: 1,
    sizes: { train: task.size, val: sets.val.n, test: sets.test.n },
    batches(split, opts) {
      const batch = checkBatchOptions(opts);
      if (split === 'train') {
        return new GeneratorIterator('train', opts.seed, 'adding', batch, (rng, B) => addingBatch(rng, B, T));
      }
      const { x, y, n } = sets[split];
      return new ExampleIterator({
        split,
        count: n,
        batch,
        seed: opts.seed,
        label: 'adding',
        collate: (idx): RegressionBatch => ({
          kind: 'regression',
          x: gatherRows(x, T * I, idx, (len) => new Float32Array(len)),
          y: gatherRows(y, 1, idx, (len) => new Float32Array(len)),
          shape: { B: idx.length, T, I, O: 1 },
        }),
      });
    },
  };
  // train is drawn on the fly and val/test from the seed: the recipe rebuilds it exactly
  return recordSource(ds, { builder: 'recipe', task: { ...task }, seed });
}
