import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { IntegrityError } from './errors/integrity-error';
import { StoreInputError } from './errors/store-input-error';
import { describeEachDialect } from './testing/dialect-suite';
import type { NewUpload } from './uploads-repository';
import { UPLOAD_PREVIEW_CHARS } from './uploads-repository';

const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
const upload = (text: string, overrides: Partial<NewUpload> = {}): NewUpload => ({ label: 'poems.txt', format: 'text', fileBytes: Buffer.byteLength(text) + 3, entries: text.split('\n').length, text, ...overrides });

describeEachDialect('uploads', (h) => {
  it('stores a text under its SHA-256 once: the second put of the same text changes nothing', async () => {
    const store = h.store();
    const text = `naïve café 🙂\nline two ${Math.random()}\n`;
    const id = sha256(text);
    const first = await store.putUpload(upload(text));
    expect(first).toMatchObject({ id, created: true, label: 'poems.txt', format: 'text', bytes: Buffer.byteLength(text), chars: text.length, entries: 3, preview: text });
    expect(first.createdAt).toBeGreaterThan(Date.now() - 60_000);
    // the same text from another file (another label, another format) is the same upload, as first stored
    const again = await store.putUpload(upload(text, { label: 'other.csv', format: 'csv', fileBytes: 999 }));
    expect(again).toEqual({ ...first, created: false });

    const got = await store.getUpload(id);
    expect(got).toEqual({ ...first, created: undefined, text });
    expect(await store.getUploadInfo(id)).toEqual({ ...first, created: undefined });
    expect(await store.getUpload('0'.repeat(64))).toBeNull();
    expect(await store.getUploadInfo('0'.repeat(64))).toBeNull();
  });

  it('lists uploads newest first, without their texts, a page at a time', async () => {
    const store = h.store();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await store.putUpload(upload(`list ${i} ${Math.random()}`, { label: `f${i}.txt` }))).id);
      await new Promise((r) => setTimeout(r, 5));
    }
    const listed = await store.listUploads({ limit: 1000 });
    const mine = listed.filter((u) => ids.includes(u.id)).map((u) => u.id);
    expect(mine).toEqual([...ids].reverse());
    expect(listed.every((u) => !('text' in u))).toBe(true);
    expect(await store.listUploads({ limit: 1 })).toHaveLength(1);
    await expect(store.listUploads({ limit: 0 })).rejects.toThrow(StoreInputError);
  });

  it('keeps the first characters as a preview, never half a surrogate pair', async () => {
    const store = h.store();
    const text = `${'a'.repeat(UPLOAD_PREVIEW_CHARS - 1)}🙂 and more ${Math.random()}`;
    const u = await store.putUpload(upload(text));
    expect(u.preview).toBe('a'.repeat(UPLOAD_PREVIEW_CHARS - 1));
    expect(u.chars).toBe(text.length);
    expect((await store.getUpload(u.id))?.text).toBe(text);
  });

  it.each([
    ['a path as label', { label: '../../etc/passwd' }],
    ['a Windows path as label', { label: '..\\..\\x' }],
    ['a NUL in the label', { label: 'a\0.txt' }],
    ['a newline in the label', { label: 'a\n.txt' }],
    ['an empty label', { label: '' }],
    ['a 300-character label', { label: `${'x'.repeat(296)}.txt` }],
    ['an unknown format', { format: 'exe' as NewUpload['format'] }],
    ['no file bytes', { fileBytes: 0 }],
    ['no entries', { entries: 0 }],
    ['an empty text', { text: '' }],
    ['a lone surrogate', { text: 'a\ud800b' }],
  ])('refuses %s and stores nothing', async (_what, bad) => {
    const store = h.store();
    const before = (await store.listUploads({ limit: 1000 })).length;
    await expect(store.putUpload(upload(`refused ${Math.random()}`, bad))).rejects.toThrow(StoreInputError);
    expect((await store.listUploads({ limit: 1000 })).length).toBe(before);
  });

  it('refuses ids that are not SHA-256 hex', async () => {
    const store = h.store();
    for (const id of ['../x', 'A'.repeat(64), 'a'.repeat(63), '']) {
      await expect(store.getUpload(id)).rejects.toThrow(/SHA-256|match/);
      await expect(store.getUploadInfo(id)).rejects.toThrow(StoreInputError);
    }
  });

  it('detects bytes that no longer hash to their id', async () => {
    const store = h.store();
    const { id } = await store.putUpload(upload(`to corrupt ${Math.random()}`));
    await h.raw(h.url(), 'update uploads set data = ? where id = ?', [Buffer.from('something else'), id]);
    await expect(store.getUpload(id)).rejects.toThrow(IntegrityError);
  });
});
