/**
 * Draw `count` distinct strings, so that a split of them has no example in two splits. Small spaces
 * are enumerated and shuffled; large ones are sampled with rejection of repeats (bounded, so a space
 * smaller than asked returns fewer strings instead of looping).
 */
import type { Rng } from '@rnnlab/random';

/** enumerate when the space is at most this many strings and at most twice the request */
const MAX_ENUMERATED = 2_000_000;

export interface StringSpace {
  /** number of distinct strings `draw` can return */
  size: number;
  draw: (rng: Rng) => string;
  /** every string of the space (called only when size is small) */
  enumerate: () => string[];
}

export function sampleUnique(count: number, space: StringSpace, rng: Rng): string[] {
  if (space.size <= MAX_ENUMERATED && space.size <= 2 * count) {
    return rng.shuffle(space.enumerate()).slice(0, count);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  const maxAttempts = 20 * count + 1000;
  for (let attempt = 0; attempt < maxAttempts && out.length < count; attempt++) {
    const s = space.draw(rng);
    if (seen.has(s)) continue;
    seen.add(s);
    out.push(s);
  }
  return out;
}
