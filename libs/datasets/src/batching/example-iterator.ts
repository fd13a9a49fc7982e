/**
 * Batches over a fixed set of examples. Train: a fresh seeded permutation every epoch, only full
 * batches (fixed shapes; the examples left over differ per epoch), wrapping forever. Val/test: in
 * order, the last partial batch included, then null.
 *
 * The permutation of epoch e is drawn from `new Rng(seed).fork(label:e)`, so a position is just
 * (epoch, cursor) and seeking rebuilds exactly the same order.
 */
import { Rng } from '@rnnlab/random';
import type { Batch, BatchIterator, Split } from '../types';
import { expectCount, expectPosition } from './position';

export interface ExamplePosition {
  kind: 'examples';
  split: Split;
  epoch: number;
  /** index into the epoch's order of the next example */
  cursor: number;
}

export interface ExampleIteratorArgs {
  split: Split;
  /** number of examples n */
  count: number;
  /** batch size B (train uses min(B, n)) */
  batch: number;
  seed: number;
  /** distinguishes datasets so their shuffles are independent */
  label: string;
  /** builds a batch from example indices (in batch order) */
  collate: (indices: readonly number[]) => Batch;
}

export class ExampleIterator implements BatchIterator {
  private epoch = 0;
  private cursor = 0;
  private order: number[];
  private readonly shuffle: boolean;

  constructor(private readonly args: ExampleIteratorArgs) {
    this.shuffle = args.split === 'train';
    this.order = this.epochOrder(0);
  }

  next(): Batch | null {
    const { count, batch, collate } = this.args;
    if (count === 0) return null;
    if (!this.shuffle) {
      if (this.cursor >= count) return null;
      const end = Math.min(this.cursor + batch, count);
      const indices = this.order.slice(this.cursor, end);
      this.cursor = end;
      return collate(indices);
    }
    const B = Math.min(batch, count);
    if (this.cursor + B > count) {
      this.epoch += 1;
      this.cursor = 0;
      this.order = this.epochOrder(this.epoch);
    }
    const indices = this.order.slice(this.cursor, this.cursor + B);
    this.cursor += B;
    return collate(indices);
  }

  position(): ExamplePosition {
    return { kind: 'examples', split: this.args.split, epoch: this.epoch, cursor: this.cursor };
  }

  seek(position: unknown): void {
    const rec = expectPosition(position, 'examples', this.args.split);
    const epoch = expectCount(rec, 'epoch');
    const cursor = expectCount(rec, 'cursor', this.args.count);
    this.epoch = epoch;
    this.cursor = cursor;
    this.order = this.epochOrder(epoch);
  }

  private epochOrder(epoch: number): number[] {
    const order = Array.from({ length: this.args.count }, (_, i) => i);
    if (!this.shuffle) return order;
    return new Rng(this.args.seed).fork(`${this.args.label}:train:epoch:${epoch}`).shuffle(order);
  }
}
