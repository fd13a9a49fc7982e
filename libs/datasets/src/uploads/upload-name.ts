/**
 * The name a file is uploaded under becomes its label, for display only: files are stored under
 * the hash of their text, never under a name. A name is still refused, not silently cleaned, when
 * it is anything but a plain file name, so that what the user reads is what they sent:
 *   - empty (or only spaces), or longer than MAX_UPLOAD_NAME_CHARS
 *   - a path: `/` or `\` anywhere, a drive letter (`C:`), `..` anywhere
 *   - percent-encoded (`%2f`, `%252e`): a name is given as it is on disk, not URL-encoded
 *   - control characters (NUL, newlines, C1) and the invisible ones that reorder or hide text
 *     (bidirectional overrides, line and paragraph separators)
 * The extension picks the format when none is chosen: .txt, .text, .md -> text; .csv -> csv;
 * .jsonl, .ndjson -> jsonl.
 */
import { MAX_UPLOAD_NAME_CHARS, type UploadFormat } from '@rnnlab/contracts';

export type UploadName = { ok: true; label: string; format: UploadFormat | null } | { ok: false; message: string };

const EXTENSIONS: Record<string, UploadFormat> = { txt: 'text', text: 'text', md: 'text', csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl' };
/** C0, DEL, C1 controls; bidirectional embeddings, overrides and isolates; line and paragraph separators */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const PERCENT_ENCODED = /%[0-9a-f]{2}/i;

const codePoint = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Check an uploaded file's name; the label is the name without surrounding spaces.
 *
 * @example parseUploadName('poems.txt') // { ok: true, label: 'poems.txt', format: 'text' }
 * @example parseUploadName('../../etc/passwd') // { ok: false, message: 'expected a file name, not a path: … "/" …' }
 */
export function parseUploadName(name: unknown): UploadName {
  if (typeof name !== 'string' || name.trim() === '') return { ok: false, message: 'expected the file’s name, got none: name the file (e.g. corpus.txt)' };
  const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}...` : name);
  if (name.length > MAX_UPLOAD_NAME_CHARS) return { ok: false, message: `expected a file name of at most ${MAX_UPLOAD_NAME_CHARS} characters, got ${name.length}: rename the file` };
  const invisible = INVISIBLE.exec(name);
  if (invisible) return { ok: false, message: `expected a file name without control or invisible characters, got ${codePoint(invisible[0])} in ${shown}` };
  const separator = /[/\\]/.exec(name);
  if (separator) return { ok: false, message: `expected a file name, not a path: ${shown} holds "${separator[0]}"` };
  if (/^[A-Za-z]:/.test(name)) return { ok: false, message: `expected a file name, not a path: ${shown} starts with a drive letter` };
  if (name.includes('..')) return { ok: false, message: `expected a file name without "..", got ${shown}` };
  const encoded = PERCENT_ENCODED.exec(name);
  if (encoded) return { ok: false, message: `expected the file name as it is on disk, got a percent-encoded one (${encoded[0]} in ${shown})` };
  const label = name.trim();
  const dot = label.lastIndexOf('.');
  const format = dot > 0 ? (EXTENSIONS[label.slice(dot + 1).toLowerCase()] ?? null) : null;
  return { ok: true, label, format };
}
