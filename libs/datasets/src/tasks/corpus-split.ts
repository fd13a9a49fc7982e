/**
 * Splits of a built-in corpus (names, cmudict, spam): at most `task.size` items in total (a seeded
 * sample when the corpus is larger), cut by task.valFraction / task.testFraction with splitIndices,
 * so the same seed always gives the same three disjoint sets.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import type { Rng } from '@rnnlab/random';
import { splitIndices } from '../splits/split-indices';
import type { Split } from '../types';

export function corpusSplit<T>(
  items: readonly T[],
  task: Pick<TaskConfig, 'size' | 'valFraction' | 'testFraction'>,
  rng: Rng,
): Record<Split, T[]> {
  let pool = Array.from({ length: items.length }, (_, i) => i);
  if (items.length > task.size) pool = rng.fork('sample').shuffle(pool).slice(0, task.size);
  const parts = splitIndices(pool.length, { val: task.valFraction, test: task.testFraction }, rng.fork('split'));
  const pick = (idx: number[]) => idx.map((i) => items[pool[i]]);
  return { train: pick(parts.train), val: pick(parts.val), test: pick(parts.test) };
}
