/**
 * Uploaded datasets: the text corpus taken from a file a user uploaded (validated and decoded by the
 * caller, see parseUpload in @rnnlab/datasets), stored under the SHA-256 of its UTF-8 bytes. Putting
 * the same text twice stores it once (the first label stays), and a read re-hashes the bytes against
 * the id. The label is the file's name for display, never a path: the store refuses one that could be.
 */
import { MAX_UPLOAD_NAME_CHARS, UPLOAD_FORMATS, UPLOAD_ID_PATTERN, type UploadFormat } from '@rnnlab/contracts';
import type { Selectable } from 'kysely';
import { MAX_BLOB_BYTES } from './checkpoints-repository';
import { asBuffer, sha256Hex } from './content-hash';
import { IntegrityError } from './errors/integrity-error';
import type { PageQuery } from './experiments-repository';
import type { UploadsTable } from './schema';
import type { StoreContext } from './store-context';
import { checkInt, checkMatch, checkOneOf, checkPage, fail } from './validate';

/** longest label kept (a file name, checked before it gets here) */
export const MAX_UPLOAD_LABEL_CHARS = MAX_UPLOAD_NAME_CHARS;
/** characters of the text kept beside it for lists and previews */
export const UPLOAD_PREVIEW_CHARS = 2000;

/** no path separators, no control characters (C0, DEL, C1) */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_LABEL = /[/\\\u0000-\u001f\u007f-\u009f]/;

export interface NewUpload {
  /** the file's name, shown in lists (at most MAX_UPLOAD_LABEL_CHARS, no `/`, `\` or control characters) */
  label: string;
  format: UploadFormat;
  /** size of the file as it was uploaded */
  fileBytes: number;
  /** lines of a text file, records of a CSV or JSONL file */
  entries: number;
  /** the corpus: what a run of task `text` on this upload reads */
  text: string;
}

export interface UploadInfo {
  /** SHA-256 of the text as UTF-8, lowercase hex */
  id: string;
  label: string;
  format: UploadFormat;
  fileBytes: number;
  /** size of the text as UTF-8 */
  bytes: number;
  /** length of the text in UTF-16 units (as the text task counts characters) */
  chars: number;
  entries: number;
  /** the first UPLOAD_PREVIEW_CHARS characters of the text */
  preview: string;
  createdAt: number;
}

export interface StoredUpload extends UploadInfo {
  text: string;
}

export interface UploadsRepository {
  /**
   * Store the text under its SHA-256 unless it is stored already. Returns the stored upload's info
   * (the earlier one's, label included, when it was there) and whether this call created it.
   * @example const { id, created } = await store.putUpload({ label: 'poems.txt', format: 'text', fileBytes: 1234, entries: 40, text })
   */
  putUpload(upload: NewUpload): Promise<UploadInfo & { created: boolean }>;
  /** the upload with its text, or null; throws IntegrityError when the bytes no longer hash to the id */
  getUpload(id: string): Promise<StoredUpload | null>;
  /** the upload without its text (what a check that it exists needs), or null */
  getUploadInfo(id: string): Promise<UploadInfo | null>;
  /** newest first, without their texts */
  listUploads(query?: PageQuery): Promise<UploadInfo[]>;
}

const INFO = ['id', 'label', 'format', 'file_bytes', 'bytes', 'chars', 'entries', 'preview', 'created_at'] as const;
type InfoRow = Pick<Selectable<UploadsTable>, (typeof INFO)[number]>;

function toInfo(r: InfoRow): UploadInfo {
  return {
    id: r.id,
    label: r.label,
    format: r.format as UploadFormat,
    fileBytes: r.file_bytes,
    bytes: r.bytes,
    chars: r.chars,
    entries: r.entries,
    preview: r.preview,
    createdAt: r.created_at,
  };
}

/** the first `n` UTF-16 units, not ending inside a surrogate pair */
function head(text: string, n: number): string {
  if (text.length <= n) return text;
  const c = text.charCodeAt(n - 1);
  return text.slice(0, c >= 0xd800 && c <= 0xdbff ? n - 1 : n);
}

const checkUploadId = (fn: string, id: unknown) => checkMatch(fn, 'id', id, UPLOAD_ID_PATTERN);

export function createUploadsRepository(ctx: StoreContext): UploadsRepository {
  const { db } = ctx;
  const info = async (id: string) => {
    const row = await db.selectFrom('uploads').select(INFO).where('id', '=', id).executeTakeFirst();
    return row ? toInfo(row) : null;
  };
  return {
    async putUpload(u) {
      const fn = 'putUpload';
      if (typeof u !== 'object' || u === null) fail(fn, 'upload', 'to be an object', u);
      const label = u.label;
      if (typeof label !== 'string' || label.length === 0 || label.length > MAX_UPLOAD_LABEL_CHARS || UNSAFE_LABEL.test(label)) {
        fail(fn, 'label', `to be a file name of 1 to ${MAX_UPLOAD_LABEL_CHARS} characters without /, \\ or control characters`, label);
      }
      const format = checkOneOf(fn, 'format', u.format, UPLOAD_FORMATS);
      const fileBytes = checkInt(fn, 'fileBytes', u.fileBytes, 1);
      const entries = checkInt(fn, 'entries', u.entries, 1);
      const text = u.text;
      // a lone surrogate has no UTF-8 form: it would be stored as U+FFFD and read back as another text
      if (typeof text !== 'string' || text.length === 0 || !(text as string & { isWellFormed(): boolean }).isWellFormed()) {
        fail(fn, 'text', 'to be a non-empty well-formed string', typeof text === 'string' ? `a string of ${text.length} characters` : text);
      }
      const data = Buffer.from(text, 'utf8');
      if (data.byteLength > MAX_BLOB_BYTES) fail(fn, 'text', `to be at most ${MAX_BLOB_BYTES} bytes as UTF-8`, data);
      const id = sha256Hex(data);
      const r = await ctx.write((w) =>
        w
          .insertInto('uploads')
          .values({
            id,
            label,
            format,
            file_bytes: fileBytes,
            bytes: data.byteLength,
            chars: text.length,
            entries,
            preview: head(text, UPLOAD_PREVIEW_CHARS),
            data: asBuffer(data),
            created_at: ctx.now,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst(),
      );
      const created = Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
      const stored = await info(id);
      if (!stored) throw new Error(`putUpload(): upload ${id} is not there after it was written`);
      return { ...stored, created };
    },

    async getUpload(id) {
      checkUploadId('getUpload', id);
      const row = await db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const actual = sha256Hex(row.data);
      if (actual !== id) throw new IntegrityError(`upload ${id} is corrupt: its bytes hash to ${actual}`, id, actual);
      return { ...toInfo(row), text: Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength).toString('utf8') };
    },

    async getUploadInfo(id) {
      checkUploadId('getUploadInfo', id);
      return info(id);
    },

    async listUploads(query) {
      const { limit, offset } = checkPage('listUploads', query);
      const rows = await db.selectFrom('uploads').select(INFO).orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
      return rows.map(toInfo);
    },
  };
}
