/**
 * POST /api/v1/datasets?name=<file name>[&format=text|csv|jsonl]: the file itself is the body (raw
 * bytes, any Content-Type but a form's; the Datasets page sends it with fetch). In this order:
 *   1. the caller is an editor (requireRole), and a browser's request comes from this dashboard;
 *   2. the name is a plain file name (parseUploadName: no path, no control characters, ≤ 200
 *      characters) and the format is known (given, else from the name's extension);
 *   3. the body is read as a stream, at most the upload limit (RNNLAB_MAX_UPLOAD_BYTES, default
 *      50 MB): one byte over is refused, whatever Content-Length says;
 *   4. it is decoded and validated (parseUpload: UTF-8, no NUL, bounded lines and alphabet, the
 *      format's rules) into a text corpus;
 *   5. the corpus is stored under its SHA-256 (putUpload; the same text again is the same upload).
 * Any refusal is a 4xx `{ error, fields }` naming what to fix, and stores nothing.
 * GET /api/v1/datasets lists the built-in datasets and the uploads (viewer).
 */
import { UPLOAD_FORMATS, type UploadFormat } from '@rnnlab/contracts';
import { DataError, listDatasets, MAX_TEXT_BYTES, parseUpload, parseUploadName } from '@rnnlab/datasets';
import { StoreInputError, StoreUnavailableError, type Store, type UploadInfo } from '@rnnlab/store';
// types only: the handler is tested without Next's request context (the route passes requireRole in)
import type { AuthError, User } from './auth';
import { crossSiteReason } from './origin';
import { jsonError } from './responses';
import { describeLimit, readUploadBody } from './upload-body';

/** 50 MB: a large book collection as plain text; the text task itself reads at most 256 MiB */
export const DEFAULT_MAX_UPLOAD_BYTES = 50_000_000;

/** The upload limit: RNNLAB_MAX_UPLOAD_BYTES (a whole number of bytes, 1 to MAX_TEXT_BYTES), else the default. */
export function maxUploadBytes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.RNNLAB_MAX_UPLOAD_BYTES?.trim();
  if (raw === undefined || raw === '') return DEFAULT_MAX_UPLOAD_BYTES;
  const n = /^\d{1,12}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_TEXT_BYTES) throw new Error(`RNNLAB_MAX_UPLOAD_BYTES: expected a whole number of bytes from 1 to ${MAX_TEXT_BYTES}, got ${JSON.stringify(raw.slice(0, 30))}`);
  return n;
}

/** The CLI line that queues a run on an upload. */
export const cliLineFor = (id: string) => `rnnlab submit --task text --upload ${id} --cell gru --hidden 64 --steps 2000`;

export interface UploadDeps {
  /** the caller, when an editor (else throws AuthError): requireRole('editor') */
  authorize(): Promise<Pick<User, 'via'>>;
  store(): Promise<Store>;
  maxBytes(): number;
}

const NO_STORE = { 'cache-control': 'no-store' };
/** media types a form posts: the body would be the form's encoding of the file, not the file */
const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];

function refusal(status: number, fields: Record<string, string>): Response {
  const error = status === 413 ? 'payload too large' : status === 415 ? 'unsupported media type' : status === 403 ? 'forbidden' : status === 401 ? 'unauthorized' : 'bad request';
  return jsonError(status, fields, error);
}

const isAuthError = (e: unknown): e is AuthError => (e as Error)?.name === 'AuthError' && [401, 403].includes((e as AuthError).status);

function failure(e: unknown): Response {
  if (isAuthError(e)) return refusal(e.status, { auth: e.message });
  const m = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
  if (e instanceof StoreInputError) return refusal(400, { file: `${m}; nothing was stored` });
  if (e instanceof StoreUnavailableError) return jsonError(503, { store: `the database is not reachable (${m}); nothing was stored` });
  return jsonError(503, { service: `${m}; nothing was stored` });
}

export interface UploadAnswer {
  upload: Omit<UploadInfo, 'preview'>;
  /** false: the same text was uploaded before (its first label kept) */
  created: boolean;
  /** `rnnlab submit --task text --upload <id> …` */
  cli: string;
}

export async function handleUpload(request: Request, deps: UploadDeps): Promise<Response> {
  try {
    const user = await deps.authorize();
    if (user.via !== 'token') {
      const why = crossSiteReason(request.headers);
      if (why) return refusal(403, { origin: `refused: ${why}` });
    }
    const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (FORM_TYPES.includes(type)) {
      return refusal(415, { file: `expected the file itself as the body, got ${type}: send the file's bytes (e.g. curl --data-binary @corpus.txt) with ?name=corpus.txt` });
    }
    const url = new URL(request.url);
    const name = parseUploadName(url.searchParams.get('name'));
    if (!name.ok) return refusal(400, { name: name.message });
    const given = url.searchParams.get('format');
    if (given !== null && !(UPLOAD_FORMATS as readonly string[]).includes(given)) {
      return refusal(400, { format: `expected one of ${UPLOAD_FORMATS.join(', ')}, got ${JSON.stringify(given.slice(0, 30))}` });
    }
    const format = (given as UploadFormat | null) ?? name.format;
    if (format === null) return refusal(400, { format: `choose a format (${UPLOAD_FORMATS.join(', ')}): the name ${JSON.stringify(name.label)} has no .txt, .csv or .jsonl extension` });

    const maxBytes = deps.maxBytes();
    const body = await readUploadBody(request.body, request.headers.get('content-length'), maxBytes);
    if (!body.ok) return refusal(body.status, { file: body.message });
    let parsed: ReturnType<typeof parseUpload>;
    try {
      parsed = parseUpload(body.bytes, format);
    } catch (e) {
      if (e instanceof DataError) return refusal(400, { file: `${name.label} (${format}): ${e.message}` });
      throw e;
    }
    const store = await deps.store();
    const { created, preview: _preview, ...upload } = await store.putUpload({ label: name.label, format, fileBytes: body.bytes.byteLength, entries: parsed.entries, text: parsed.text });
    const answer: UploadAnswer = { upload, created, cli: cliLineFor(upload.id) };
    return Response.json(answer, { status: created ? 201 : 200, headers: NO_STORE });
  } catch (e) {
    return failure(e);
  }
}

/** GET: the built-in datasets and the newest uploads */
export async function handleListDatasets(deps: Pick<UploadDeps, 'store'> & { authorize(): Promise<unknown> }): Promise<Response> {
  try {
    await deps.authorize();
    const store = await deps.store();
    const uploads = (await store.listUploads({ limit: 200 })).map(({ preview: _p, ...u }) => ({ ...u, cli: cliLineFor(u.id) }));
    return Response.json({ builtIn: listDatasets(), uploads, maxUploadBytes: maxUploadBytes(), limit: describeLimit(maxUploadBytes()) }, { headers: NO_STORE });
  } catch (e) {
    return failure(e);
  }
}
