/**
 * Train batches of synthetic tasks, drawn fresh from a seeded stream forever (the standard setup for
 * the adding and copy problems: the model never sees the same example twice). The position is the
 * stream's Rng state, so a resumed run draws exactly the batches an uninterrupted one would have.
 */
import { Rng, type RngState } from '@rnnlab/random';
import type { Batch, BatchIterator, Split } from '../types';
import { expectCount, expectPosition, expectRngState } from './position';

export interface GeneratorPosition {
  kind: 'generator';
  split: Split;
  /** batches drawn so far */
  step: number;
  rng: RngState;
}

export class GeneratorIterator implements BatchIterator {
  private rng: Rng;
  private step = 0;

  constructor(
    private readonly split: Split,
    seed: number,
    label: string,
    private readonly batch: number,
    private readonly generate: (rng: Rng, B: number) => Batch,
  ) {
    this.rng = new Rng(seed).fork(`${label}:${split}:stream`);
  }

  next(): Batch {
    this.step += 1;
    return this.generate(this.rng, this.batch);
  }

  position(): GeneratorPosition {
    return { kind: 'generator', split: this.split, step: this.step, rng: this.rng.getState() };
  }

  seek(position: unknown): void {
    const rec = expectPosition(position, 'generator', this.split);
    this.step = expectCount(rec, 'step');
    this.rng = Rng.fromState(expectRngState(rec, 'rng'));
  }
}
