/**
 * Add-alpha smoothed bigram model, the baseline an LM must beat:
 *   P(y | x) = (c(x, y) + alpha) / (c(x) + alpha * V)
 * with counts c taken from consecutive pairs of the training stream.
 */
import { DataError } from '../errors/data-error';

/**
 * Average bits per token of an add-alpha bigram model (fitted on `train`) on the transitions of
 * `evalStream` (its first token is only context, so M tokens give M-1 predictions).
 *
 * @example
 * bigramBitsPerToken(ds.tokenStreams.train, ds.tokenStreams.val, ds.outputSize); // e.g. 3.1
 */
export function bigramBitsPerToken(train: Int32Array, evalStream: Int32Array, V: number, alpha = 1): number {
  if (!Number.isInteger(V) || V < 1) {
    throw new DataError(`expected V to be a positive integer in bigramBitsPerToken(), got ${V}`);
  }
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new DataError(`expected alpha > 0 in bigramBitsPerToken(), got ${alpha}`);
  }
  if (evalStream.length < 2) {
    throw new DataError(
      `expected evalStream of at least 2 tokens in bigramBitsPerToken(), got ${evalStream.length}`,
    );
  }
  checkIds(train, V, 'train');
  checkIds(evalStream, V, 'evalStream');

  // sparse counts keyed by x * V + y (exact: V <= 1e6 keeps keys below 2^53)
  const pair = new Map<number, number>();
  const context = new Float64Array(V); // [V] c(x)
  for (let i = 0; i + 1 < train.length; i++) {
    const key = train[i] * V + train[i + 1];
    pair.set(key, (pair.get(key) ?? 0) + 1);
    context[train[i]] += 1;
  }

  let nats = 0;
  for (let i = 0; i + 1 < evalStream.length; i++) {
    const x = evalStream[i];
    const c = pair.get(x * V + evalStream[i + 1]) ?? 0;
    nats -= Math.log((c + alpha) / (context[x] + alpha * V));
  }
  return nats / (evalStream.length - 1) / Math.LN2;
}

function checkIds(stream: Int32Array, V: number, name: string): void {
  for (let i = 0; i < stream.length; i++) {
    const id = stream[i];
    if (id < 0 || id >= V) {
      throw new DataError(`expected ${name} ids in [0, ${V}) in bigramBitsPerToken(), got ${id} at index ${i}`);
    }
  }
}
