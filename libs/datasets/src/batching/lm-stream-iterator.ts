/**
 * Truncated-BPTT batches over one token stream s of N tokens (the char-rnn layout):
 * inputs s[0..N-1) and targets s[1..N) are cut into B contiguous rows of L = floor((N-1)/B) steps,
 * row b starting at token b*L. Window w holds columns [w*k, w*k + T) of every row:
 *   tokens[b, t]  = s[b*L + w*k + t]
 *   targets[b, t] = s[b*L + w*k + t + 1]
 * so window w+1 of a row continues exactly where window w stopped and the trainer carries the
 * recurrent state across windows (`continues`), resetting it at the first window of an epoch.
 *
 * Train: only full windows (T = k), wrapping to a new epoch forever; the last L mod k columns are
 * never used (as in char-rnn). Val/test: every column, the last window shorter, then null.
 */
import { DataError } from '../errors/data-error';
import type { BatchIterator, SequenceBatch, Split } from '../types';
import { expectCount, expectPosition } from './position';

export interface LmStreamPosition {
  kind: 'lm-stream';
  split: Split;
  epoch: number;
  /** index of the next window within the epoch */
  window: number;
}

export class LmStreamIterator implements BatchIterator {
  /** rows B actually used (val/test shrink it for streams shorter than B + 1) */
  readonly rows: number;
  /** steps per row L */
  readonly rowLength: number;
  /** windows per epoch */
  readonly windows: number;
  private epoch = 0;
  private w = 0;

  constructor(
    private readonly split: Split,
    private readonly stream: Int32Array,
    batch: number,
    private readonly k: number,
    private readonly V: number,
  ) {
    const N = stream.length;
    if (split === 'train') {
      if (N - 1 < batch * k) {
        // reaches users as is: named by config fields (the CLI shows them as flags), not by options
        throw new DataError(
          `the train split holds ${N} tokens; train.batch ${batch} × window ${k} ` +
            `(task.seqLen, or train.tbptt when set) needs at least ${batch * k + 1}: ` +
            `lower train.batch or the window, or train on more data`,
        );
      }
      this.rows = batch;
      this.rowLength = Math.floor((N - 1) / batch);
      this.windows = Math.floor(this.rowLength / k);
    } else {
      this.rows = Math.max(0, Math.min(batch, N - 1));
      this.rowLength = this.rows > 0 ? Math.floor((N - 1) / this.rows) : 0;
      this.windows = Math.ceil(this.rowLength / k);
    }
  }

  next(): SequenceBatch | null {
    if (this.w >= this.windows) {
      if (this.split !== 'train') return null;
      this.epoch += 1;
      this.w = 0;
    }
    const { rows: B, rowLength: L, k, stream } = this;
    const start = this.w * k;
    const T = Math.min(k, L - start);
    const tokens = new Int32Array(B * T); // [B, T]
    const targets = new Int32Array(B * T); // [B, T]
    for (let b = 0; b < B; b++) {
      const from = b * L + start;
      tokens.set(stream.subarray(from, from + T), b * T);
      targets.set(stream.subarray(from + 1, from + T + 1), b * T);
    }
    const continues = this.w > 0;
    this.w += 1;
    return {
      kind: 'lm',
      tokens,
      targets,
      mask: new Float32Array(B * T).fill(1), // [B, T]
      shape: { B, T, V: this.V, C: this.V },
      continues,
    };
  }

  position(): LmStreamPosition {
    return { kind: 'lm-stream', split: this.split, epoch: this.epoch, window: this.w };
  }

  seek(position: unknown): void {
    const rec = expectPosition(position, 'lm-stream', this.split);
    this.epoch = expectCount(rec, 'epoch');
    this.w = expectCount(rec, 'window', this.windows);
  }
}
