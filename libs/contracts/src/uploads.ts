/**
 * Uploaded datasets: a text, CSV or JSONL file uploaded on the dashboard becomes a text corpus in
 * the store, named by the SHA-256 of that corpus (64 lowercase hex digits), never by the file's name.
 * A run trains on one with `task: { name: 'text', upload: <id> }`.
 */
import { z } from 'zod';

/** An upload's id: the SHA-256 of its text (UTF-8), lowercase hex. */
export const UPLOAD_ID_PATTERN = /^[0-9a-f]{64}$/;
export const UploadIdSchema = z.string().regex(UPLOAD_ID_PATTERN, 'expected an upload id: 64 lowercase hex digits (the SHA-256 shown on /datasets)');

/**
 * What a file may hold:
 * - text: the text itself (one corpus; lines stay lines)
 * - csv: a header row and records; the column named `text` is the corpus, one record per line
 * - jsonl: one JSON object per line with a string field `text`
 */
export const UPLOAD_FORMATS = ['text', 'csv', 'jsonl'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

/** The longest file name an upload keeps as its label (a file name, never a path). */
export const MAX_UPLOAD_NAME_CHARS = 200;
