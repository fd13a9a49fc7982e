/**
 * An uploaded file's bytes -> the text corpus a run of task `text` reads, or a DataError saying
 * what is wrong with the file (so the uploader can fix it; nothing is stored). Every format is first
 * decoded as the text task decodes a file: strict UTF-8 (invalid bytes are an error), a leading
 * byte-order mark stripped, CRLF and lone CR turned into LF. Then:
 *   - text: the text is the corpus.
 *   - csv (RFC 4180): the first record is a header; the column named `text` (any case, spaces
 *     around it ignored), or the only column of a one-column file, is the corpus, one record per
 *     line. Fields are separated by commas; a field in double quotes may hold commas, line breaks
 *     and `""` for a quote. Every record has the header's number of fields; blank lines are skipped.
 *   - jsonl: one JSON object per line, its string field `text` is the corpus, one object per line;
 *     other fields are ignored, blank lines skipped; a line nests at most MAX_JSON_DEPTH deep.
 * Refused in every format: an empty file, NUL characters, a line longer than MAX_UPLOAD_LINE_CHARS,
 * more than MAX_UPLOAD_ALPHABET distinct characters (a char tokenizer's vocabulary), no text at all.
 */
import type { UploadFormat } from '@rnnlab/contracts';
import { DataError } from '../errors/data-error';
import { firstInvalidUtf8 } from '../sources/text-file-source';
import { csvRecords } from './csv-records';

/** one physical line of an upload, at most (what a text line, a CSV record's line, a JSON object may take) */
export const MAX_UPLOAD_LINE_CHARS = 1_000_000;
/** distinct characters of an upload's text, at most: the vocabulary a char tokenizer would need */
export const MAX_UPLOAD_ALPHABET = 10_000;
/** nesting of one JSONL line, at most */
export const MAX_JSON_DEPTH = 32;
/** columns of a CSV header, at most */
export const MAX_CSV_COLUMNS = 256;

export interface ParsedUpload {
  format: UploadFormat;
  /** the corpus: a text file's text, or a CSV's / JSONL's texts one per line */
  text: string;
  /** lines of a text file, non-empty texts of a CSV or JSONL file */
  entries: number;
  /** distinct characters (code points) of the text */
  alphabet: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** the line (1-based) holding UTF-16 offset `at` */
function lineAt(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function decode(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) throw new DataError('the file is empty (0 bytes): upload a file with text in it');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    const at = firstInvalidUtf8(bytes);
    const where = at < 0 ? '' : ` at byte ${fmt(at)} (0x${bytes[at].toString(16).padStart(2, '0')})`;
    throw new DataError(`expected UTF-8 text, got an invalid byte sequence${where}: save the file as UTF-8`, { cause: err });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\0');
  if (nul !== -1) throw new DataError(`expected text, got a NUL character on line ${fmt(lineAt(text, nul))}: is this a binary file?`);
  return text.replace(/\r\n?/g, '\n');
}

function checkLines(text: string): number {
  let lines = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lines++;
    if (end - start > MAX_UPLOAD_LINE_CHARS) {
      throw new DataError(`line ${fmt(lines)} is ${fmt(end - start)} characters long; expected at most ${fmt(MAX_UPLOAD_LINE_CHARS)} per line: break the text into lines`);
    }
    if (end === text.length) break;
    start = end + 1;
  }
  // a final line break ends the last line, it does not start another
  return text.endsWith('\n') ? lines - 1 : lines;
}

function countAlphabet(text: string): number {
  const seen = new Uint8Array(0x110000 >> 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    const bit = 1 << (cp & 7);
    if ((seen[cp >> 3] & bit) === 0) {
      seen[cp >> 3] |= bit;
      if (++n > MAX_UPLOAD_ALPHABET) {
        throw new DataError(`the text holds more than ${fmt(MAX_UPLOAD_ALPHABET)} distinct characters (the most a character vocabulary may have): is this text?`);
      }
    }
  }
  return n;
}

/** the deepest nesting of arrays and objects in one line of JSON, stopping past `max` (strings skipped) */
function jsonDepth(line: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

function isWellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

function fromJsonl(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const at = `line ${fmt(i + 1)}`;
    if (jsonDepth(line, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new DataError(`${at} nests deeper than ${MAX_JSON_DEPTH} levels; expected one flat JSON object per line with a string field "text"`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new DataError(`${at} is not JSON (${(err as Error).message.slice(0, 120)}); expected one JSON object per line with a string field "text"`, { cause: err });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DataError(`${at} is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}; expected a JSON object with a string field "text"`);
    }
    const record = value as Record<string, unknown>;
    if (!Object.hasOwn(record, 'text') || typeof record.text !== 'string') {
      const keys = Object.keys(record).slice(0, 8).map((k) => JSON.stringify(k.slice(0, 40)));
      const got = Object.hasOwn(record, 'text') ? `a ${record.text === null ? 'null' : typeof record.text} "text"` : keys.length ? `only ${keys.join(', ')}` : 'an empty object';
      throw new DataError(`${at} has no string field "text" (got ${got}); expected one JSON object per line with a string field "text"`);
    }
    const entry = record.text.replace(/\r\n?/g, '\n');
    if (entry.includes('\0')) throw new DataError(`${at}: its "text" holds a NUL character (\\u0000); expected text`);
    if (!isWellFormed(entry)) throw new DataError(`${at}: its "text" holds a lone surrogate escape (e.g. \\ud800), which is not a character`);
    if (entry.trim() !== '') out.push(entry);
  }
  return out;
}

function fromCsv(text: string): string[] {
  let header: string[] | null = null;
  let column = -1;
  const out: string[] = [];
  for (const { fields, line, blank } of csvRecords(text)) {
    if (blank) continue;
    if (!header) {
      if (fields.length > MAX_CSV_COLUMNS) throw new DataError(`the CSV header has ${fmt(fields.length)} columns; expected at most ${MAX_CSV_COLUMNS}`);
      header = fields;
      const named = fields.flatMap((f, i) => (f.trim().toLowerCase() === 'text' ? [i] : []));
      if (named.length > 1) throw new DataError(`the CSV header names ${named.length} columns "text"; expected one`);
      column = named.length === 1 ? named[0] : fields.length === 1 ? 0 : -1;
      if (column === -1) {
        const names = fields.slice(0, 10).map((f) => JSON.stringify(f.slice(0, 30)));
        throw new DataError(`the CSV header has no column "text" (got ${names.join(', ')}${fields.length > 10 ? ', …' : ''}); expected a header row naming the text column "text"`);
      }
      continue;
    }
    if (fields.length !== header.length) {
      throw new DataError(`the CSV record on line ${fmt(line)} has ${fields.length} field${fields.length === 1 ? '' : 's'}; expected ${header.length}, as in the header (quote a field that holds a comma)`);
    }
    const entry = fields[column];
    if (entry.trim() !== '') out.push(entry);
  }
  if (!header) throw new DataError('the CSV file holds no header row; expected a header naming the column "text", then one record per line');
  return out;
}

/**
 * Parse an uploaded file. Throws a DataError naming the problem (and its line) when the file is not
 * usable as `format`.
 *
 * @example parseUpload(new TextEncoder().encode('id,text\n1,"Hello, world"\n'), 'csv') // { text: 'Hello, world\n', entries: 1, … }
 */
export function parseUpload(bytes: Uint8Array, format: UploadFormat): ParsedUpload {
  const decoded = decode(bytes);
  const lines = checkLines(decoded);
  let text: string;
  let entries: number;
  if (format === 'text') {
    text = decoded;
    entries = lines;
    if (text.trim() === '') throw new DataError(`the file holds no text: ${fmt(bytes.byteLength)} bytes of whitespace`);
  } else {
    const texts = format === 'csv' ? fromCsv(decoded) : fromJsonl(decoded);
    if (texts.length === 0) throw new DataError(format === 'csv' ? 'the CSV file holds no text: every "text" field is empty' : 'the JSONL file holds no text: no line has a non-empty "text"');
    text = `${texts.join('\n')}\n`;
    entries = texts.length;
  }
  return { format, text, entries, alphabet: countAlphabet(text) };
}
