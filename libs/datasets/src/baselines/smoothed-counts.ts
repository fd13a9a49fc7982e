/**
 * Weighted counts over V outcomes and the add-one (Laplace) distribution they define:
 *   P(y) = (c(y) + 1) / (n + V),  n = sum_y c(y)
 * the smoothing the bigram baseline uses too, so an outcome unseen in train costs a finite loss.
 */
import { DataError } from '../errors/data-error';

export class SmoothedCounts {
  /** [V] weighted counts c(y) */
  readonly counts: Float64Array;
  /** n = sum of the weights added */
  total = 0;

  constructor(
    readonly V: number,
    /** names the caller in error messages */
    private readonly where: string,
  ) {
    if (!Number.isInteger(V) || V < 1) throw new DataError(`expected V to be a positive integer in ${where}, got ${V}`);
    this.counts = new Float64Array(V);
  }

  /** count outcome y with weight w (a mask value) */
  add(y: number, w = 1): void {
    if (!(Number.isInteger(y) && y >= 0 && y < this.V)) {
      throw new DataError(`expected ids in [0, ${this.V}) in ${this.where}, got ${y}`);
    }
    this.counts[y] += w;
    this.total += w;
  }

  /** [V] -ln P(y) of the add-one distribution */
  nats(): Float64Array {
    const denom = this.total + this.V;
    return this.counts.map((c) => -Math.log((c + 1) / denom));
  }

  /** the most frequent outcome, the lowest id on ties */
  argmax(): number {
    let best = 0;
    for (let y = 1; y < this.V; y++) if (this.counts[y] > this.counts[best]) best = y;
    return best;
  }
}
