import { createHash } from 'node:crypto';

/** SHA-256 of the bytes, lowercase hex: how checkpoints and prepared datasets are checked and named. */
export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A Buffer view of the bytes without copying (what both drivers bind as BLOB / bytea). */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
