/**
 * A list of variable-length id sequences (seq2seq sources and targets, classification texts) as
 * two arrays: all sequences back to back, and n + 1 offsets (sequence i is flat[offsets[i],
 * offsets[i+1])). Decoded sequences are views into one flat array: no per-sequence copies.
 */
import { DataError } from '../errors/data-error';
import type { ArraySectionReader, ArraySectionWriter, ArrayRef } from './array-section';
import { objectAt } from './header-fields';

export interface RaggedRef {
  /** [sum of lengths] ids */
  flat: ArrayRef;
  /** [n + 1] start of each sequence, then the end of the last */
  offsets: ArrayRef;
}

/** Store `seqs`, every id in [0, limit). */
export function putRagged(w: ArraySectionWriter, seqs: readonly Int32Array[], limit: number, what: string): RaggedRef {
  const offsets = new Int32Array(seqs.length + 1); // [n + 1]
  for (let i = 0; i < seqs.length; i++) offsets[i + 1] = offsets[i] + seqs[i].length;
  const flat = new Int32Array(offsets[seqs.length]); // [sum of lengths]
  seqs.forEach((s, i) => flat.set(s, offsets[i]));
  return { flat: w.put(flat, limit, `${what} (ids)`), offsets: w.put(offsets, flat.length + 1, `${what} (offsets)`) };
}

export function readRagged(r: ArraySectionReader, ref: unknown, path: string, limit: number): Int32Array[] {
  const rec = objectAt(ref, path);
  const flat = r.read(rec.flat, `${path}.flat`, limit);
  const offsets = r.read(rec.offsets, `${path}.offsets`, flat.length + 1);
  const n = offsets.length - 1;
  if (n < 0 || offsets[0] !== 0 || offsets[n] !== flat.length) {
    throw new DataError(
      `corrupt data: ${path}.offsets must run from 0 to ${flat.length} (the ids stored), ` +
        `got ${offsets.length === 0 ? 'none' : `${offsets[0]} .. ${offsets[n]}`}`,
    );
  }
  const seqs: Int32Array[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (offsets[i + 1] < offsets[i]) {
      throw new DataError(`corrupt data: ${path}.offsets decrease at ${i + 1} (${offsets[i]} then ${offsets[i + 1]})`);
    }
    seqs[i] = flat.subarray(offsets[i], offsets[i + 1]);
  }
  return seqs;
}
