import { describe, expect, it } from 'vitest';
import type { Batch, ClassificationBatch } from '../types';
import { ExampleIterator } from './example-iterator';

// a batch whose labels are the example indices, to observe the order
const collate = (idx: readonly number[]): Batch => ({
  kind: 'classification',
  tokens: new Int32Array(idx.length),
  mask: new Float32Array(idx.length),
  labels: Int32Array.from(idx),
  shape: { B: idx.length, T: 1, V: 1, C: 1 },
});
const labels = (b: Batch | null) => [...(b as ClassificationBatch).labels];
const make = (split: 'train' | 'val', seed = 1) =>
  new ExampleIterator({ split, count: 10, batch: 4, seed, label: 'x', collate });

describe('ExampleIterator', () => {
  it('val: in order, last partial batch, then null', () => {
    const it = make('val');
    expect([labels(it.next()), labels(it.next()), labels(it.next())]).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(it.next()).toBeNull();
  });

  it('train: full batches of a seeded permutation, reshuffled each epoch', () => {
    const it = make('train');
    const e0 = [...labels(it.next()), ...labels(it.next())];
    const e1 = [...labels(it.next()), ...labels(it.next())];
    expect(new Set(e0).size).toBe(8);
    expect(e1).not.toEqual(e0);
    const again = make('train');
    expect([...labels(again.next()), ...labels(again.next())]).toEqual(e0);
    const other = make('train', 2);
    expect([...labels(other.next()), ...labels(other.next())]).not.toEqual(e0);
  });

  it('resumes at a saved position, across an epoch boundary', () => {
    const a = make('train');
    for (let i = 0; i < 5; i++) a.next();
    const pos = JSON.parse(JSON.stringify(a.position()));
    const rest = [a.next(), a.next(), a.next()].map(labels);
    const b = make('train');
    b.seek(pos);
    expect([b.next(), b.next(), b.next()].map(labels)).toEqual(rest);
  });

  it('rejects foreign positions', () => {
    expect(() => make('train').seek({ kind: 'lm-stream', split: 'train', epoch: 0, window: 0 })).toThrow(
      /kind "examples"/,
    );
    expect(() => make('train').seek({ kind: 'examples', split: 'train', epoch: 0, cursor: 11 })).toThrow(
      /position\.cursor/,
    );
    expect(() => make('train').seek(null)).toThrow(/position object/);
  });
});
