/**
 * An upload's body, read as a stream with a byte cap: never more than `maxBytes` are kept (plus the
 * one chunk that crosses the cap, dropped at once), whatever Content-Length says. A declared length
 * over the cap is refused before reading; a body that runs past the cap is refused the moment it
 * does (one byte over is over); a body that ends short of (or beyond) its declared length, or is
 * cut off, is refused as incomplete. Nothing here decodes the bytes: parseUpload does.
 */
export type UploadBody = { ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 413; message: string };

const fmt = (n: number) => n.toLocaleString('en-US');

/** `50 MB (50,000,000 bytes)`, `2 kB (2,000 bytes)`, `64 bytes` */
export function describeLimit(maxBytes: number): string {
  if (maxBytes < 1000) return `${fmt(maxBytes)} bytes`;
  const [n, unit] = maxBytes < 1e6 ? [maxBytes / 1e3, 'kB'] : [maxBytes / 1e6, 'MB'];
  return `${Number.isInteger(n) ? n : n.toFixed(1)} ${unit} (${fmt(maxBytes)} bytes)`;
}

const tooLarge = (maxBytes: number, what: string): UploadBody => ({
  ok: false,
  status: 413,
  message: `${what} is larger than the upload limit of ${describeLimit(maxBytes)}: upload a smaller file, or split it`,
});

/**
 * Read `body` into memory, at most `maxBytes` of it. `declaredLength` is the request's
 * Content-Length header (null when it had none, as with chunked transfer encoding).
 */
export async function readUploadBody(body: ReadableStream<Uint8Array> | null, declaredLength: string | null, maxBytes: number): Promise<UploadBody> {
  let declared: number | null = null;
  if (declaredLength !== null) {
    if (!/^\d{1,16}$/.test(declaredLength.trim())) return { ok: false, status: 400, message: `expected Content-Length to be a number of bytes, got ${JSON.stringify(declaredLength.slice(0, 30))}` };
    declared = Number(declaredLength.trim());
    if (declared > maxBytes) {
      await body?.cancel().catch(() => undefined);
      return tooLarge(maxBytes, `the file (${fmt(declared)} bytes, as Content-Length says)`);
    }
  }
  if (!body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // refuse at the first byte over; what came with it is dropped, the rest never read
        await reader.cancel().catch(() => undefined);
        return tooLarge(maxBytes, 'the file');
      }
      chunks.push(value);
    }
  } catch (e) {
    return { ok: false, status: 400, message: `the upload was cut off after ${fmt(size)} bytes (${(e as Error).message.slice(0, 80)}); nothing was stored` };
  } finally {
    reader.releaseLock();
  }
  if (declared !== null && size !== declared) {
    return { ok: false, status: 400, message: `the upload holds ${fmt(size)} bytes but Content-Length said ${fmt(declared)}; nothing was stored` };
  }
  return { ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) };
}
