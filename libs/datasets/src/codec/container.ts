/**
 * The envelope of an encoded dataset (layout in format.ts): magic, version, lengths and a CRC-32
 * around a JSON header and a data section. Reading checks each of them in that order, so foreign
 * bytes, a newer format, a cut-off download and a flipped bit each fail with their own message.
 */
import { DataError } from '../errors/data-error';
import { canonicalJson } from './canonical-json';
import { crc32 } from './crc32';
import {
  align,
  CHECKSUM_OFFSET,
  DATASET_FORMAT_VERSION,
  HEADER_LENGTH_OFFSET,
  MAGIC_BYTES,
  PRELUDE_BYTES,
  RESERVED_OFFSET,
  TOTAL_LENGTH_OFFSET,
  VERSION_OFFSET,
} from './format';

export interface Container {
  /** the parsed JSON header, unchecked */
  header: unknown;
  /** the data section (a view into the input) */
  data: Uint8Array;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Seal `header` (written as canonical JSON) and `data` (its length a multiple of 4) into one blob. */
export function writeContainer(header: unknown, data: Uint8Array, version = DATASET_FORMAT_VERSION): Uint8Array {
  const json = utf8.encode(canonicalJson(header));
  const dataStart = align(PRELUDE_BYTES + json.length);
  if (data.length !== align(data.length)) throw new DataError(`data section of ${data.length} bytes is not 4-byte aligned`);
  const total = dataStart + data.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(MAGIC_BYTES, 0);
  view.setUint32(VERSION_OFFSET, version, true);
  view.setUint32(HEADER_LENGTH_OFFSET, json.length, true);
  view.setBigUint64(TOTAL_LENGTH_OFFSET, BigInt(total), true);
  out.set(json, PRELUDE_BYTES);
  out.set(data, dataStart);
  view.setUint32(CHECKSUM_OFFSET, crc32(out), true); // computed while the field is still 0
  return out;
}

/** Open a blob from writeContainer(); throws DataError naming the first thing that is wrong. */
export function readContainer(bytes: Uint8Array): Container {
  if (!(bytes instanceof Uint8Array)) {
    const what = bytes === null ? 'null' : typeof bytes === 'object' ? (bytes as object).constructor?.name : typeof bytes;
    throw new DataError(`expected bytes to be a Uint8Array in decodeDataset(), got ${what}`);
  }
  const n = bytes.length;
  if (n === 0) throw new DataError('not an rnnlab prepared dataset (0 bytes)');
  for (let i = 0; i < Math.min(n, MAGIC_BYTES.length); i++) {
    if (bytes[i] !== MAGIC_BYTES[i]) throw new DataError('not an rnnlab prepared dataset (bad magic)');
  }
  if (n < PRELUDE_BYTES) {
    throw new DataError(`truncated: got ${n} bytes, fewer than the ${PRELUDE_BYTES}-byte prelude of a prepared dataset`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const version = view.getUint32(VERSION_OFFSET, true);
  if (version > DATASET_FORMAT_VERSION) {
    throw new DataError(`format version ${version} is newer than this rnnlab reads (${DATASET_FORMAT_VERSION})`);
  }
  if (version < DATASET_FORMAT_VERSION) {
    throw new DataError(
      `format version ${version} is older than this rnnlab reads (${DATASET_FORMAT_VERSION}): prepare the dataset again`,
    );
  }
  const total = view.getBigUint64(TOTAL_LENGTH_OFFSET, true);
  if (total > BigInt(n)) throw new DataError(`truncated: header says ${total} bytes, got ${n}`);
  if (total < BigInt(n)) throw new DataError(`trailing bytes: header says ${total} bytes, got ${n}`);
  const reserved = view.getUint32(RESERVED_OFFSET, true);
  if (reserved !== 0) throw new DataError(`corrupt prelude: reserved field is ${reserved}, expected 0`);
  const stored = view.getUint32(CHECKSUM_OFFSET, true);
  const computed = checksum(bytes);
  if (stored !== computed) {
    throw new DataError(`corrupt: checksum mismatch (stored crc32 ${hex(stored)}, computed ${hex(computed)})`);
  }
  // the checksum held, so what follows can only fail for a blob a faulty writer sealed
  const headerLength = view.getUint32(HEADER_LENGTH_OFFSET, true);
  const dataStart = align(PRELUDE_BYTES + headerLength);
  if (dataStart > n) {
    throw new DataError(`corrupt prelude: header length ${headerLength} does not fit in ${n} bytes`);
  }
  let header: unknown;
  try {
    header = JSON.parse(strictUtf8.decode(bytes.subarray(PRELUDE_BYTES, PRELUDE_BYTES + headerLength)));
  } catch (err) {
    throw new DataError(`corrupt header: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return { header, data: bytes.subarray(dataStart) };
}

/** CRC-32 of the blob with its checksum field read as zero. */
function checksum(bytes: Uint8Array): number {
  let c = crc32(bytes.subarray(0, CHECKSUM_OFFSET));
  c = crc32(new Uint8Array(4), c);
  return crc32(bytes.subarray(CHECKSUM_OFFSET + 4), c);
}

const hex = (x: number) => `0x${x.toString(16).padStart(8, '0')}`;
