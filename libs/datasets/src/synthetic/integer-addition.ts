/**
 * Integer addition as a sequence task: "123+45" -> "168". Each operand first draws its number of
 * digits uniformly in 1..digits (so short and long operands are equally common), then a uniform
 * number with exactly that many digits (no leading zeros). Sums use BigInt: up to 18 digits exceeds
 * 2^53.
 */
import type { Rng } from '@rnnlab/random';
import type { StringSpace } from './sample-unique';

export const ADDITION_ALPHABET = '0123456789+';

function drawOperand(rng: Rng, digits: number): string {
  const n = 1 + rng.int(digits);
  if (n === 1) return String(rng.int(10));
  let s = String(1 + rng.int(9));
  for (let i = 1; i < n; i++) s += String(rng.int(10));
  return s;
}

/** Problems "a+b" with operands of 1..digits digits. */
export function additionSpace(digits: number): StringSpace {
  const perOperand = 10 ** digits;
  return {
    size: perOperand * perOperand,
    draw: (rng) => `${drawOperand(rng, digits)}+${drawOperand(rng, digits)}`,
    enumerate: () => {
      const all: string[] = [];
      for (let a = 0; a < perOperand; a++) for (let b = 0; b < perOperand; b++) all.push(`${a}+${b}`);
      return all;
    },
  };
}

/** "a+b" -> decimal sum. */
export function solveAddition(problem: string): string {
  const [a, b] = problem.split('+');
  return (BigInt(a) + BigInt(b)).toString();
}
