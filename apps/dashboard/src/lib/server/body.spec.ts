import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, readJsonBody } from './body';

const post = (body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  new Request('http://127.0.0.1/api/v1/submit', { method: 'POST', headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);

async function refused(r: Awaited<ReturnType<typeof readJsonBody>>) {
  if (r.ok) throw new Error('expected a refusal');
  return { status: r.response.status, body: (await r.response.json()) as { error: string; fields: Record<string, string> } };
}

/** a body of `n` bytes in chunks of 8 KiB, without a Content-Length */
function stream(n: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent >= n) return c.close();
      const chunk = new Uint8Array(Math.min(8192, n - sent)).fill(0x20);
      sent += chunk.byteLength;
      c.enqueue(chunk);
    },
  });
  return { body, pulled: () => sent };
}

describe('readJsonBody', () => {
  it('parses a JSON body', async () => {
    await expect(readJsonBody(post('{"kind":"run"}'))).resolves.toEqual({ ok: true, value: { kind: 'run' } });
    await expect(readJsonBody(post('{"a":1}', { 'content-type': 'application/json; charset=utf-8' }))).resolves.toEqual({ ok: true, value: { a: 1 } });
  });

  it('refuses another media type with 415', async () => {
    expect(await refused(await readJsonBody(post('a=1', { 'content-type': 'application/x-www-form-urlencoded' })))).toMatchObject({ status: 415, body: { fields: { 'content-type': expect.stringMatching(/application\/json/) } } });
  });

  it('refuses a declared length over the cap before reading, and an undeclared one as soon as it passes the cap', async () => {
    const declared = await readJsonBody(post('{}', { 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) }));
    expect(await refused(declared)).toMatchObject({ status: 413 });
    const s = stream(10 * MAX_BODY_BYTES);
    const streamed = await readJsonBody(post(s.body));
    expect(await refused(streamed)).toMatchObject({ status: 413, body: { error: 'payload too large' } });
    // it stopped reading soon after the cap, not at the end of the body
    expect(s.pulled()).toBeLessThan(MAX_BODY_BYTES + 4 * 8192);
    // exactly the cap is accepted
    await expect(readJsonBody(post(`"${'x'.repeat(MAX_BODY_BYTES - 2)}"`))).resolves.toMatchObject({ ok: true });
  });

  it('refuses bytes that are not UTF-8, an empty body and text that is not JSON, each with 400 and no stack', async () => {
    expect(await refused(await readJsonBody(post(new Uint8Array([0x7b, 0xff, 0x7d]))))).toMatchObject({ status: 400, body: { fields: { body: 'not valid UTF-8' } } });
    expect(await refused(await readJsonBody(post('')))).toMatchObject({ status: 400, body: { fields: { body: expect.stringMatching(/empty/) } } });
    const notJson = await refused(await readJsonBody(post('{"kind":')));
    expect(notJson).toMatchObject({ status: 400, body: { fields: { body: expect.stringMatching(/^not JSON/) } } });
    expect(JSON.stringify(notJson)).not.toMatch(/\n\s+at /);
  });

  it('reads deeply nested JSON within the cap without crashing (the schema refuses it later)', async () => {
    const deep = '['.repeat(30_000) + ']'.repeat(30_000);
    const r = await readJsonBody(post(deep));
    // V8 parses it or says why; either way an answer, not a crash
    if (!r.ok) expect(r.response.status).toBe(400);
  });
});
