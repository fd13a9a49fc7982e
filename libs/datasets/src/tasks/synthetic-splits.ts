/**
 * Fixed splits of a synthetic string task (reversal, addition): size + val + test distinct problems
 * drawn once from the dataset seed, so no problem is in two splits. Val/test sizes follow
 * eval-sizes.ts. When the space holds fewer distinct problems (e.g. 1-digit addition has 100), all
 * of them are used and split by the task fractions.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import { Rng } from '@rnnlab/random';
import { splitCounts } from '../splits/split-indices';
import { sampleUnique, type StringSpace } from '../synthetic/sample-unique';
import type { Split } from '../types';
import { syntheticEvalCount } from './eval-sizes';

export function syntheticSplits(
  task: Pick<TaskConfig, 'size' | 'valFraction' | 'testFraction'>,
  seed: number,
  label: string,
  space: StringSpace,
  valuesPerExample: number,
): Record<Split, string[]> {
  const wanted = {
    train: task.size,
    val: syntheticEvalCount(task.size, task.valFraction, valuesPerExample),
    test: syntheticEvalCount(task.size, task.testFraction, valuesPerExample),
  };
  const total = wanted.train + wanted.val + wanted.test;
  const pool = sampleUnique(total, space, new Rng(seed).fork(`${label}:pool`));
  const counts =
    pool.length === total ? wanted : splitCounts(pool.length, { val: task.valFraction, test: task.testFraction });
  return {
    val: pool.slice(0, counts.val),
    test: pool.slice(counts.val, counts.val + counts.test),
    train: pool.slice(counts.val + counts.test),
  };
}

