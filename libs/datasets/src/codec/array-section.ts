/**
 * The data section of an encoded dataset: non-negative integer arrays (token ids, offsets, labels)
 * stored back to back, each at a multiple of 4 bytes, little-endian. An array whose values are all
 * below 65536 is stored as u16 (half the bytes: most vocabularies are that small), else as i32.
 * Both sides check every value against its bound, so a writer bug fails at encode time and a
 * corrupt blob fails at decode time instead of feeding a model out-of-vocabulary ids.
 */
import { DataError } from '../errors/data-error';
import { preview } from '../batching/position';
import { align } from './format';

export type ArrayDtype = 'u16' | 'i32';

/** Where an array sits in the data section. */
export interface ArrayRef {
  dtype: ArrayDtype;
  /** byte offset from the start of the data section, a multiple of 4 */
  offset: number;
  /** number of values */
  length: number;
}

const BYTES: Record<ArrayDtype, number> = { u16: 2, i32: 4 };
const U16_LIMIT = 65536;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The dtype for values in [0, limit). */
export function dtypeFor(limit: number): ArrayDtype {
  return limit <= U16_LIMIT ? 'u16' : 'i32';
}

export class ArraySectionWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  /** Append `values`, each an integer in [0, limit) (`what` names them in the error). */
  put(values: Int32Array, limit: number, what: string): ArrayRef {
    const at = firstOutside(values, limit);
    if (at >= 0) {
      throw new DataError(`cannot encode ${what}: value ${values[at]} at index ${at} is outside [0, ${limit})`);
    }
    const dtype = dtypeFor(limit);
    const byteLength = values.length * BYTES[dtype];
    const chunk = new Uint8Array(align(byteLength)); // zero padded
    if (LITTLE_ENDIAN) {
      const typed = dtype === 'u16' ? Uint16Array.from(values) : values;
      chunk.set(new Uint8Array(typed.buffer, typed.byteOffset, byteLength));
    } else {
      const view = new DataView(chunk.buffer);
      for (let i = 0; i < values.length; i++) {
        if (dtype === 'u16') view.setUint16(2 * i, values[i], true);
        else view.setInt32(4 * i, values[i], true);
      }
    }
    const ref: ArrayRef = { dtype, offset: this.size, length: values.length };
    this.chunks.push(chunk);
    this.size += chunk.length;
    return ref;
  }

  /** The section: every array put so far, in order. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

export class ArraySectionReader {
  constructor(private readonly data: Uint8Array) {}

  /** The array `ref` (from the header, at `path`) points at; every value must be in [0, limit). */
  read(ref: unknown, path: string, limit: number): Int32Array {
    const { dtype, offset, length } = checkRef(ref, path);
    const end = offset + length * BYTES[dtype];
    if (end > this.data.length) {
      throw new DataError(
        `corrupt header: ${path} points at bytes [${offset}, ${end}) of a ${this.data.length}-byte data section`,
      );
    }
    // a copy: a fresh buffer is aligned whatever the input's byteOffset, and owns no foreign bytes.
    // Not `.slice()`: on a Node Buffer (what a database driver returns) it is a view, not a copy.
    const raw = new Uint8Array(this.data.subarray(offset, end));
    let values: Int32Array;
    if (LITTLE_ENDIAN) {
      values = dtype === 'u16' ? Int32Array.from(new Uint16Array(raw.buffer)) : new Int32Array(raw.buffer);
    } else {
      const view = new DataView(raw.buffer);
      values = new Int32Array(length);
      for (let i = 0; i < length; i++) values[i] = dtype === 'u16' ? view.getUint16(2 * i, true) : view.getInt32(4 * i, true);
    }
    const at = firstOutside(values, limit);
    if (at >= 0) throw new DataError(`corrupt data: ${path}[${at}] is ${values[at]}, outside [0, ${limit})`);
    return values;
  }
}

function checkRef(ref: unknown, path: string): ArrayRef {
  const r = (typeof ref === 'object' && ref !== null ? ref : {}) as Partial<Record<keyof ArrayRef, unknown>>;
  const ok =
    (r.dtype === 'u16' || r.dtype === 'i32') &&
    Number.isSafeInteger(r.offset) &&
    (r.offset as number) >= 0 &&
    (r.offset as number) % 4 === 0 &&
    Number.isSafeInteger(r.length) &&
    (r.length as number) >= 0;
  if (!ok) {
    throw new DataError(
      `corrupt header: expected ${path} to be an array reference { dtype: "u16" | "i32", offset: a multiple of 4, ` +
        `length: an integer >= 0 }, got ${preview(ref)}`,
    );
  }
  return r as ArrayRef;
}

/** Index of the first value that is not in [0, limit), or -1. */
function firstOutside(values: Int32Array, limit: number): number {
  for (let i = 0; i < values.length; i++) if (values[i] < 0 || values[i] >= limit) return i;
  return -1;
}
