/**
 * The bytes layout of an encoded PreparedDataset (all integers little-endian):
 *
 *   offset  size  field
 *   0       8     magic "RNNLABDS"
 *   8       4     u32 format version (DATASET_FORMAT_VERSION)
 *   12      4     u32 header length H (bytes of UTF-8 JSON)
 *   16      8     u64 total length of the whole blob
 *   24      4     u32 CRC-32 of the whole blob, computed with these 4 bytes zero
 *   28      4     u32 reserved, 0
 *   32      H     header: canonical JSON (sorted keys), see encode-dataset.ts
 *   ...           zero padding to a multiple of 4
 *   D             data section: the arrays the header points at (offsets relative to D), each
 *                 starting at a multiple of 4 and zero-padded to one
 */

/**
 * Version of the bytes layout and of how a task is built. Bump it when either changes: a new field
 * or array encoding, or a change in prepareAdding / prepareCopy (rebuilt from their recipe when
 * decoded) or in what any task feeds its builder. Blobs of another version are refused, never
 * half-read; the fleet prepares the dataset again.
 */
export const DATASET_FORMAT_VERSION = 1;

export const MAGIC = 'RNNLABDS';
export const MAGIC_BYTES = Uint8Array.from(MAGIC, (c) => c.charCodeAt(0));
/** bytes before the header */
export const PRELUDE_BYTES = 32;
export const VERSION_OFFSET = 8;
export const HEADER_LENGTH_OFFSET = 12;
export const TOTAL_LENGTH_OFFSET = 16;
export const CHECKSUM_OFFSET = 24;
export const RESERVED_OFFSET = 28;
/** every array (and the data section) starts at a multiple of this */
export const ALIGNMENT = 4;

/** `n` rounded up to a multiple of ALIGNMENT. */
export function align(n: number): number {
  return Math.ceil(n / ALIGNMENT) * ALIGNMENT;
}
