import { describe, expect, it } from 'vitest';
import { DataError } from '../errors/data-error';
import type { SequenceBatch } from '../types';
import { LmStreamIterator } from './lm-stream-iterator';

// token i has id i, so every id tells where it came from in the stream
const ramp = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const at = (a: Int32Array, T: number, b: number, t: number) => a[b * T + t];

describe('LmStreamIterator', () => {
  const N = 1001;
  const B = 4;
  const k = 16;
  // L = floor(1000 / 4) = 250 steps per row, 15 full windows per epoch on train

  it('cuts the stream into B contiguous rows; window targets are the next tokens', () => {
    const it = new LmStreamIterator('train', ramp(N), B, k, N);
    const w0 = it.next() as SequenceBatch;
    expect(w0.shape).toEqual({ B, T: k, V: N, C: N });
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < k; t++) {
        expect(at(w0.tokens, k, b, t)).toBe(b * 250 + t);
        expect(at(w0.targets, k, b, t)).toBe(b * 250 + t + 1);
      }
    }
  });

  it('continues each row across consecutive windows and resets at each epoch', () => {
    const it = new LmStreamIterator('train', ramp(N), B, k, N);
    expect(it.windows).toBe(15);
    const flags: boolean[] = [];
    let prev = it.next() as SequenceBatch;
    flags.push(prev.continues);
    for (let w = 1; w < 2 * it.windows + 1; w++) {
      const cur = it.next() as SequenceBatch;
      flags.push(cur.continues);
      if (cur.continues) {
        for (let b = 0; b < B; b++) expect(at(cur.tokens, k, b, 0)).toBe(at(prev.targets, k, b, k - 1));
      } else {
        expect(at(cur.tokens, k, 0, 0)).toBe(0); // the epoch starts over
      }
      prev = cur;
    }
    const expected = Array.from({ length: 31 }, (_, w) => w % 15 !== 0);
    expect(flags).toEqual(expected);
  });

  it('val covers every step once, with a shorter last window, then null', () => {
    const it = new LmStreamIterator('val', ramp(N), B, k, N);
    const seen: number[] = [];
    let batch: SequenceBatch | null;
    const Ts: number[] = [];
    while ((batch = it.next())) {
      Ts.push(batch.shape.T);
      seen.push(...batch.tokens);
    }
    expect(Ts).toEqual([...Array(15).fill(16), 10]);
    expect(seen.sort((a, b) => a - b)).toEqual([...ramp(1000)]);
    expect(it.next()).toBeNull();
  });

  it('val shrinks B for a stream shorter than B + 1 tokens', () => {
    const it = new LmStreamIterator('val', ramp(3), 8, k, 3);
    const b = it.next() as SequenceBatch;
    expect(b.shape).toMatchObject({ B: 2, T: 1 });
    expect([...b.targets]).toEqual([1, 2]);
    expect(it.next()).toBeNull();
    expect(new LmStreamIterator('test', ramp(1), 8, k, 1).next()).toBeNull();
  });

  it('rejects a train stream too short for B x k', () => {
    expect(() => new LmStreamIterator('train', ramp(64), 4, 16, 64)).toThrow(DataError);
    expect(() => new LmStreamIterator('train', ramp(65), 4, 16, 65)).not.toThrow();
  });

  it('resumes from a saved position with the same windows', () => {
    const a = new LmStreamIterator('train', ramp(N), B, k, N);
    for (let i = 0; i < 20; i++) a.next();
    const pos = JSON.parse(JSON.stringify(a.position()));
    const rest = [a.next(), a.next(), a.next()];
    const b = new LmStreamIterator('train', ramp(N), B, k, N);
    b.seek(pos);
    expect([b.next(), b.next(), b.next()]).toEqual(rest);
    expect(() => b.seek({ ...pos, split: 'val' })).toThrow(/split "train"/);
    expect(() => b.seek({ ...pos, window: 99 })).toThrow(/position\.window/);
  });
});
