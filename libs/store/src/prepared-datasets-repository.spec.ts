import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { IntegrityError } from './errors/integrity-error';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun } from './testing/fixtures';

describeEachDialect('prepared datasets', (h) => {
  it('stores data under its SHA-256 once, and verifies it on load', async () => {
    const store = h.store();
    const data = new TextEncoder().encode(`tokens ${Math.random()}`);
    const id = createHash('sha256').update(data).digest('hex');
    expect(await store.putPreparedDataset({ config: { task: 'names', tokenizer: 'char' }, data })).toEqual({ id, created: true });
    expect(await store.putPreparedDataset({ config: { other: true }, data })).toEqual({ id, created: false });
    const got = await store.getPreparedDataset(id);
    expect(got).toMatchObject({ id, config: { task: 'names', tokenizer: 'char' }, bytes: data.byteLength });
    expect(Buffer.from(got?.data ?? []).equals(Buffer.from(data))).toBe(true);
    expect(await store.getPreparedDataset('0'.repeat(64))).toBeNull();
    await expect(store.getPreparedDataset('../x')).rejects.toThrow(/SHA-256/);

    const { run } = await store.createRun(newRun());
    expect(await store.setPreparedDataset(run.id, id)).toBe(true);
    expect((await store.getRun(run.id))?.preparedDatasetId).toBe(id);

    await h.raw(h.url(), 'update prepared_datasets set data = ? where id = ?', [Buffer.from('x'), id]);
    await expect(store.getPreparedDataset(id)).rejects.toThrow(IntegrityError);
  });

  it('finds a dataset by the key it was prepared from; two keys may name one dataset', async () => {
    const store = h.store();
    const data = new TextEncoder().encode(`prepared ${Math.random()}`);
    const key = `d-${Math.random().toString(16).slice(2)}`;
    expect(await store.findPreparedDataset(key)).toBeNull();
    const { id } = await store.putPreparedDataset({ key, config: { task: 'names' }, data });
    expect(await store.findPreparedDataset(key)).toBe(id);
    // the same spec prepared again (a job that ran twice): one dataset, one key
    expect(await store.putPreparedDataset({ key, config: { task: 'names' }, data })).toEqual({ id, created: false });
    const other = `${key}-other`;
    expect(await store.putPreparedDataset({ key: other, config: { task: 'names', seed: 2 }, data })).toEqual({ id, created: false });
    expect(await store.findPreparedDataset(other)).toBe(id);
    await expect(store.findPreparedDataset('')).rejects.toThrow(/key/);
  });
});
