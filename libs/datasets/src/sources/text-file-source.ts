/**
 * A user's UTF-8 text corpus: strictly decoded (invalid bytes are an error, never U+FFFD), a leading
 * byte-order mark stripped, line ends normalized to LF (CRLF and lone CR).
 */
import { readFile, stat } from 'node:fs/promises';
import { DataError } from '../errors/data-error';

/** Larger corpora should be streamed, not read into one string. */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

/** Read and decode a text file; errors name the path. */
export async function readTextCorpus(path: string): Promise<string> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new DataError(`expected task.path to be a regular file, got "${path}"`);
    size = s.size;
  } catch (err) {
    if (err instanceof DataError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataError(`task.path: no such file "${path}"`, { cause: err });
    throw new DataError(`task.path: cannot read "${path}" (${code ?? String(err)})`, { cause: err });
  }
  if (size > MAX_TEXT_BYTES) {
    throw new DataError(`task.path: expected a file of at most ${MAX_TEXT_BYTES} bytes, got ${size} in "${path}"`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(`task.path: cannot read "${path}" (${code ?? String(err)})`, { cause: err });
  }
  return decodeTextCorpus(bytes, `"${path}" (task.path)`);
}

/**
 * Decode bytes of a corpus (a file or an upload). `source` names it in errors.
 * Throws "empty corpus" when nothing but whitespace remains.
 */
export function decodeTextCorpus(bytes: Uint8Array, source: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    const at = firstInvalidUtf8(bytes);
    const where = at < 0 ? '' : ` at byte ${at} (0x${bytes[at].toString(16).padStart(2, '0')})`;
    throw new DataError(`expected UTF-8 text in ${source}, got an invalid byte sequence${where}`, { cause: err });
  }
  return normalizeCorpusText(text, source, `${bytes.length} bytes`);
}

/**
 * A decoded corpus as the text task reads it: a leading byte-order mark stripped, CRLF and lone CR
 * turned into LF. Throws "empty corpus" when nothing but whitespace remains; `size` says how much
 * was read (for that message).
 */
export function normalizeCorpusText(text: string, source: string, size = `${text.length} characters`): string {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim().length === 0) {
    throw new DataError(`empty corpus: ${source} holds ${size} and no text`);
  }
  return text;
}

/** Offset of the first byte that starts an invalid UTF-8 sequence, or -1. Only used to explain a failure. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
