/**
 * A route handler's JSON body, bounded: refused with 413 once more than `maxBytes` have arrived,
 * whatever Content-Length claimed (a declared length over the cap is refused before reading); 415
 * for another media type; 400 for bytes that are not UTF-8 or not JSON. Never a stack trace.
 */
import { jsonError } from './responses';

export const MAX_BODY_BYTES = 64 * 1024;

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

const refuse = (status: number, field: string, message: string, error?: string): BodyResult => ({ ok: false, response: jsonError(status, { [field]: message }, error) });

/** 413 before the body was read to its end: the connection is closed after it (its unread rest cannot be skipped) */
const tooLarge = (message: string): BodyResult => ({
  ok: false,
  response: Response.json({ error: 'payload too large', fields: { body: message } }, { status: 413, headers: { 'cache-control': 'no-store', connection: 'close' } }),
});

export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return refuse(415, 'content-type', `expected application/json, got ${JSON.stringify(type.slice(0, 60) || 'none')}`, 'unsupported media type');
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) return tooLarge(`at most ${maxBytes} bytes, Content-Length says ${Number(declared)}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return tooLarge(`at most ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return refuse(400, 'body', 'not valid UTF-8');
  }
  if (text.trim() === '') return refuse(400, 'body', 'expected a JSON object, got an empty body');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    // V8's message names the position; a RangeError (nesting too deep) says so
    return refuse(400, 'body', `not JSON: ${(e as Error).message.split('\n')[0].slice(0, 200)}`);
  }
}
