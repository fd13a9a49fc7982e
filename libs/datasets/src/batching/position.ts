/**
 * Checks for the positions handed back to `BatchIterator.seek()`: they come from checkpoints on disk,
 * so a wrong or hand-edited one must fail loudly instead of silently restarting the data order.
 */
import type { RngState } from '@rnnlab/random';
import { DataError } from '../errors/data-error';
import type { Split } from '../types';

export type PositionRecord = Record<string, unknown>;

/** The position must be an object of the expected kind, saved from the same split. */
export function expectPosition(value: unknown, kind: string, split: Split): PositionRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DataError(`expected a position object in seek(), got ${preview(value)}`);
  }
  const rec = value as PositionRecord;
  if (rec.kind !== kind || rec.split !== split) {
    throw new DataError(
      `expected a position of kind "${kind}" for split "${split}" in seek(), got ${preview(value)}`,
    );
  }
  return rec;
}

/** A non-negative integer field, at most `max`. */
export function expectCount(rec: PositionRecord, key: string, max = Number.MAX_SAFE_INTEGER): number {
  const v = rec[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new DataError(`expected position.${key} to be an integer in [0, ${max}] in seek(), got ${preview(v)}`);
  }
  return v;
}

export function expectRngState(rec: PositionRecord, key: string): RngState {
  const v = rec[key] as Partial<RngState> | undefined;
  const words = v?.s;
  const ok =
    Array.isArray(words) &&
    words.length === 4 &&
    words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) &&
    (v?.spare === null || typeof v?.spare === 'number');
  if (!ok) throw new DataError(`expected position.${key} to be an Rng state in seek(), got ${preview(v)}`);
  return { s: [words[0], words[1], words[2], words[3]], spare: v.spare ?? null };
}

export function preview(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
