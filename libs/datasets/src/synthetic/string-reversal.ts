/**
 * String reversal: a random string over a–z, length uniform in 1..maxLength, maps to its reverse.
 */
import type { Rng } from '@rnnlab/random';
import type { StringSpace } from './sample-unique';

export const REVERSAL_ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

export function reversalSpace(maxLength: number): StringSpace {
  const A = REVERSAL_ALPHABET.length;
  let size = 0;
  for (let l = 1; l <= maxLength && size < Number.MAX_SAFE_INTEGER; l++) size += A ** l;
  return {
    size,
    draw: (rng: Rng) => {
      const length = 1 + rng.int(maxLength);
      let s = '';
      for (let i = 0; i < length; i++) s += REVERSAL_ALPHABET[rng.int(A)];
      return s;
    },
    enumerate: () => {
      const all: string[] = [];
      let level = [''];
      for (let l = 1; l <= maxLength; l++) {
        level = level.flatMap((prefix) => [...REVERSAL_ALPHABET].map((c) => prefix + c));
        all.push(...level);
      }
      return all;
    },
  };
}

export function reverseString(s: string): string {
  return [...s].reverse().join('');
}
