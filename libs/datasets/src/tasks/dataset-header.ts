/**
 * The fields of a PreparedDataset that every token task fills the same way from its arguments.
 */
import type { TaskKind, TaskName } from '@rnnlab/contracts';
import type { PreparedDataset, Split } from '../types';
import { mapSplits } from './map-splits';

/**
 * `name`, `kind`, `describe` and `sizes` of a dataset; `sizes` are the lengths of `parts` (the
 * examples of each split, or its token stream).
 *
 * @example
 * return { ...datasetHeader(args, 'lm', streams), outputSize: V, batches };
 */
export function datasetHeader(
  args: { name: TaskName; describe: string },
  kind: TaskKind,
  parts: Record<Split, ArrayLike<unknown>>,
): Pick<PreparedDataset, 'name' | 'kind' | 'describe' | 'sizes'> {
  return { name: args.name, kind, describe: args.describe, sizes: mapSplits(parts, (p) => p.length) };
}
