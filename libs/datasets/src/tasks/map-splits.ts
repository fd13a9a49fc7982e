import type { Split } from '../types';

/** Apply `f` to each split. */
export function mapSplits<A, B>(parts: Record<Split, A>, f: (a: A, split: Split) => B): Record<Split, B> {
  return { train: f(parts.train, 'train'), val: f(parts.val, 'val'), test: f(parts.test, 'test') };
}
