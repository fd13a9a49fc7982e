/** Drawing one token from a model's logits. */
import type { Rng } from '@rnnlab/random';

/**
 * Pick a token from logits with temperature (<= 0: argmax) and top-k (0: all), never one of
 * `exclude`.
 */
export function pickToken(logits: ArrayLike<number>, temperature: number, topK: number, rng: Rng, exclude: readonly number[] = []): number {
  let idx: number[] = [];
  for (let i = 0; i < logits.length; i++) if (!exclude.includes(i)) idx.push(i);
  if (idx.length === 0) throw new RangeError(`expected a token left to pick in pickToken(): ${logits.length} logits, all excluded (${exclude.join(', ')})`);
  if (temperature <= 0) return idx.reduce((best, i) => (logits[i] > logits[best] ? i : best));
  if (topK > 0 && topK < idx.length) idx = idx.sort((a, b) => logits[b] - logits[a]).slice(0, topK);
  let max = -Infinity;
  for (const i of idx) if (logits[i] > max) max = logits[i];
  const w = idx.map((i) => Math.exp((logits[i] - max) / temperature));
  return idx[rng.categorical(w)];
}
