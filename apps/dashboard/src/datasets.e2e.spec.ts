/**
 * The Datasets page end to end, in a real headless Chromium against a real platform (redis-server,
 * SQLite, a worker, `rnnlab dashboard` with a 20 kB upload limit): the built-in datasets with a
 * preview and a tokenization preview; a text file uploaded through the page, listed with its id,
 * and a run on it queued from the form that trains to success; an upload one byte over the limit
 * and file names that are paths refused with clear messages, and nothing stored.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@rnnlab/store';
import type { Browser, Page } from 'playwright-core';
import { browserTestsReady, launchBrowser, SHOTS } from './testing/browser';
import { startPlatform, waitFor, type Platform } from './testing/platform';

const ready = browserTestsReady('datasets e2e');
/** the upload limit of this platform (RNNLAB_MAX_UPLOAD_BYTES) */
const CAP = 20_000;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** about 15 kB of English-like lines, with CRLF line ends as Windows saves them */
const CORPUS_LINES = Array.from({ length: 260 }, (_, i) => `${['the', 'a', 'one'][i % 3]} ${['cat', 'dog', 'bird', 'fox'][i % 4]} ${['sat', 'ran', 'sang', 'slept'][i % 5 % 4]} on the ${['mat', 'log', 'hill'][i % 3]} ${i}.`);
const CORPUS = CORPUS_LINES.join('\r\n') + '\r\n';
const CORPUS_TEXT = CORPUS_LINES.join('\n') + '\n';

/** an HTTP/1.1 request written by hand (for bodies fetch will not send); resolves with the status line and body */
function rawRequest(port: number, head: string, write: (s: { write(b: string | Buffer): void }) => void, opts: { end?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let out = '';
    sock.on('data', (d) => (out += d.toString()));
    sock.on('error', () => resolve(out));
    sock.on('close', () => resolve(out));
    sock.setTimeout(15_000, () => sock.destroy());
    sock.write(head);
    write(sock);
    if (opts.end) sock.end();
  });
}

describe.skipIf(!ready)('the Datasets page in a browser', () => {
  let platform: Platform;
  let browser: Browser;
  let page: Page;
  let store: Store;
  let uploadId = '';

  beforeAll(async () => {
    platform = await startPlatform({ workerThreads: 1, env: { ...process.env, RNNLAB_MAX_UPLOAD_BYTES: String(CAP) } });
    store = await openStore(platform.env.DATABASE_URL);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await store?.close();
    await platform?.stop();
  }, 60_000);

  it('lists the built-in datasets and previews one, with its tokenization', async () => {
    await page.goto(`${platform.url}/datasets`);
    const names = await page.locator('[data-testid=built-in-datasets] tbody tr td:first-child').allTextContents();
    expect(names).toEqual(['adding', 'copy', 'reverse', 'addition', 'names', 'names-by-category', 'cmudict', 'spam']);
    await expect(page.getByTestId('dataset-cmudict').textContent()).resolves.toMatch(/seq2seq.*entries.*CMU/);
    await page.click('[data-testid=dataset-names] a');
    await page.waitForURL(/\/datasets\?name=names$/);
    const inputs = await page.locator('[data-testid=preview-examples] tbody tr td:first-child').allTextContents();
    expect(inputs).toHaveLength(6);
    for (const name of inputs) expect(name).toMatch(/^[A-Za-z'-]+↵$/);
    await expect(page.getByTestId('token-preview').getAttribute('data-tokenizer')).resolves.toBe('char');
    await expect(page.getByTestId('token-preview').textContent()).resolves.toMatch(/Computed in [\d.]+ ms/);
    expect(await page.locator('[data-testid=tokens] .token').count()).toBeGreaterThan(10);
    // BPE: the URL keeps the choice, the tokens are ids of merged pieces
    await page.click('[data-testid=tokenizer-bpe]');
    await page.waitForURL(/\/datasets\?name=names&tokenizer=bpe$/);
    await expect(page.getByTestId('token-preview').getAttribute('data-tokenizer')).resolves.toBe('bpe');
    await expect(page.getByTestId('token-ids').textContent()).resolves.toMatch(/^\d+( \d+)+$/);
    await page.screenshot({ path: join(SHOTS, 'datasets-preview.png'), fullPage: true });
    // a generated task: reversals
    await page.goto(`${platform.url}/datasets?name=reverse`);
    const rows = await page.locator('[data-testid=preview-examples] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    for (const [input, target] of rows) expect(target).toBe([...input].reverse().join(''));
  }, 60_000);

  it('uploads a text file through the page and lists it with its id', async () => {
    await page.goto(`${platform.url}/datasets`);
    await expect(page.getByTestId('no-uploads').textContent()).resolves.toMatch(/No uploads/);
    await page.setInputFiles('[data-testid=upload-file]', { name: 'sentences.txt', mimeType: 'text/plain', buffer: Buffer.from(CORPUS) });
    await page.click('[data-testid=upload-submit]');
    uploadId = (await page.getByTestId('upload-done-id').textContent({ timeout: 30_000 })) ?? '';
    // the id is the SHA-256 of the text as runs read it (CRLF read as LF)
    expect(uploadId).toBe(sha256(CORPUS_TEXT));
    await page.waitForSelector(`[data-testid=upload-row][data-upload-id="${uploadId}"]`);
    await expect(page.locator(`[data-upload-id="${uploadId}"] [data-testid=upload-id]`).textContent()).resolves.toBe(uploadId);
    await expect(page.locator(`[data-upload-id="${uploadId}"]`).textContent()).resolves.toMatch(/sentences\.txt.*text.*260 lines.*rnnlab submit --task text --upload [0-9a-f]{64}/);
    const stored = await store.getUpload(uploadId);
    expect(stored).toMatchObject({ label: 'sentences.txt', format: 'text', fileBytes: Buffer.byteLength(CORPUS), entries: 260, text: CORPUS_TEXT });
    // its own preview
    await page.click(`[data-upload-id="${uploadId}"] td:first-child a`);
    await expect(page.getByTestId('upload-preview').textContent()).resolves.toContain(CORPUS_LINES[0]);
    await page.screenshot({ path: join(SHOTS, 'datasets-uploads.png'), fullPage: true });
  }, 60_000);

  it('queues a run on the upload from the form, and it trains to success', async () => {
    expect(uploadId).toMatch(/^[0-9a-f]{64}$/);
    await page.goto(`${platform.url}/datasets`);
    await page.click(`[data-upload-id="${uploadId}"] [data-testid=train-on-upload]`);
    await page.waitForURL(new RegExp(`/new\\?upload=${uploadId}$`));
    expect(await page.inputValue('select[name="task.name"]')).toBe('text');
    expect(await page.inputValue('select[name="task.upload"]')).toBe(uploadId);
    await page.selectOption('select[name=kind]', 'run');
    await page.uncheck('input[name=cells][value=rnn]');
    await page.uncheck('input[name=cells][value=lstm]');
    await page.fill('input[name="model.hidden"]', '16');
    await page.fill('input[name="train.steps"]', '300');
    await page.fill('input[name="train.batch"]', '16');
    await page.fill('input[name="train.lr"]', '0.01');
    await page.click('[data-testid=submit]');
    await page.waitForURL(/\/runs\/r-[0-9a-f]{16}$/, { timeout: 90_000 });
    const runId = page.url().split('/').pop() as string;
    const run = await waitFor('the run on the upload to succeed', 240_000, async () => {
      const r = await store.getRun(runId);
      if (r?.status === 'failed') throw new Error(`the run failed: ${r.failureReason}`);
      return r?.status === 'succeeded' ? r : null;
    }, platform.worker.output);
    expect(run.config.task).toMatchObject({ name: 'text', upload: uploadId });
    expect(run.config.task.path).toBeUndefined();
    expect(run.config.model).toMatchObject({ cell: 'gru', hidden: 16 });
    const events = await store.listEvents(runId);
    expect(events.find((e) => e.kind === 'dataset')?.message).toMatch(new RegExp(`upload ${uploadId.slice(0, 12)} \\(char lm\\)`));
    expect(run.finalMetrics?.val.loss).toBeLessThan(Math.log(40));
  }, 360_000);

  it('refuses an upload one byte over the limit, and names that are paths, storing nothing', async () => {
    const before = (await store.listUploads({ limit: 1000 })).length;
    await page.goto(`${platform.url}/datasets`);
    // the page refuses it before sending
    await page.setInputFiles('[data-testid=upload-file]', { name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(CAP + 1, 'x') });
    await page.click('[data-testid=upload-submit]');
    await expect(page.getByTestId('upload-error').textContent()).resolves.toMatch(/big\.txt is 20,001 bytes: larger than the upload limit of 20 kB \(20,000 bytes\)\. Nothing was sent\./);

    // the server refuses whatever it is sent, from the page's own origin
    const send = (name: string, body: string) =>
      page.evaluate(
        async ({ name, body }) => {
          const res = await fetch(`/api/v1/datasets?${new URLSearchParams({ name })}`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });
          return { status: res.status, body: (await res.json()) as { fields: Record<string, string> } };
        },
        { name, body },
      );
    const over = await send('big.txt', 'x'.repeat(CAP + 1));
    expect(over).toEqual({ status: 413, body: { error: 'payload too large', fields: { file: 'the file (20,001 bytes, as Content-Length says) is larger than the upload limit of 20 kB (20,000 bytes): upload a smaller file, or split it' } } });
    const exact = await send('exact.txt', 'y'.repeat(CAP));
    expect(exact.status).toBe(201);
    await store.listUploads({ limit: 1000 }).then((l) => expect(l.length).toBe(before + 1));
    for (const [name, message] of [
      ['../../etc/passwd', /not a path: "..\/..\/etc\/passwd" holds "\/"/],
      ['..%2f', /without "\.\."/],
      ['%252e%252e%252f', /percent-encoded/],
      ['..\\..\\x', /not a path/],
      ['/etc/passwd', /not a path/],
      ['a\u0000b.txt', /control or invisible characters/],
      ['x'.repeat(300), /at most 200 characters/],
    ] as const) {
      const r = await send(name, 'fine text');
      expect(r.status, name).toBe(400);
      expect(r.body.fields.name, name).toMatch(message);
    }

    // a chunked body (no Content-Length) that runs one chunk past the limit
    const port = Number(new URL(platform.url).port);
    const chunked = await rawRequest(port, `POST /api/v1/datasets?name=chunked.txt HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`, (s) => {
      for (let sent = 0; sent <= CAP; sent += 4000) s.write(`fa0\r\n${'z'.repeat(4000)}\r\n`);
      s.write('0\r\n\r\n');
    });
    expect(chunked).toMatch(/^HTTP\/1\.1 413/);
    expect(chunked).toMatch(/larger than the upload limit of 20 kB/);
    // a Content-Length that promises more than is sent before the client goes away
    const short = await rawRequest(port, `POST /api/v1/datasets?name=short.txt HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n`, (s) => s.write('only a few bytes'), { end: true });
    expect(short).not.toMatch(/^HTTP\/1\.1 20\d/);

    await new Promise((r) => setTimeout(r, 500));
    const after = await store.listUploads({ limit: 1000 });
    expect(after.length).toBe(before + 1);
    expect(after.map((u) => u.label)).not.toEqual(expect.arrayContaining(['big.txt', 'chunked.txt', 'short.txt', 'passwd']));
  }, 120_000);
});
