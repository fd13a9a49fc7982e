import { createHash, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { IntegrityError } from './errors/integrity-error';
import { StoreInputError } from './errors/store-input-error';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun, uniqueId } from './testing/fixtures';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytes = (text: string) => new TextEncoder().encode(text);

describeEachDialect('artifacts', (h) => {
  it('stores a run\'s files by (kind, name), lists them without data, and loads them byte for byte', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    const json = bytes('{"format":"layers-model"}');
    const bin = new Uint8Array(randomBytes(3 * 1024 * 1024));
    const put = await store.putArtifact(run.id, 'tfjs-layers', 'weights.bin', bin);
    expect(put).toMatchObject({ runId: run.id, kind: 'tfjs-layers', name: 'weights.bin', sha256: sha256(bin), bytes: bin.byteLength, created: true });
    await store.putArtifact(run.id, 'tfjs-layers', 'model.json', json);
    await store.putArtifact(run.id, 'notes', 'readme.txt', bytes('hello'));

    const all = await store.listArtifacts(run.id);
    expect(all.map((a) => `${a.kind}/${a.name}`)).toEqual(['notes/readme.txt', 'tfjs-layers/model.json', 'tfjs-layers/weights.bin']);
    expect(all[0]).not.toHaveProperty('data');
    expect((await store.listArtifacts(run.id, 'tfjs-layers')).map((a) => a.name)).toEqual(['model.json', 'weights.bin']);
    expect(await store.listArtifacts(run.id, 'onnx')).toEqual([]);

    const loaded = await store.getArtifact(run.id, 'tfjs-layers', 'weights.bin');
    expect(loaded).toMatchObject(all[2]);
    expect(Buffer.from(loaded?.data ?? []).equals(Buffer.from(bin))).toBe(true);
    expect(new TextDecoder().decode((await store.getArtifact(run.id, 'tfjs-layers', 'model.json'))?.data)).toBe('{"format":"layers-model"}');
    expect(await store.getArtifact(run.id, 'tfjs-layers', 'group1-shard1of1.bin')).toBeNull();
    // another run's artifacts are its own
    const { run: other } = await store.createRun(newRun());
    expect(await store.listArtifacts(other.id)).toEqual([]);
    expect(await store.getArtifact(other.id, 'tfjs-layers', 'model.json')).toBeNull();
  });

  it('is idempotent: the first write of a key wins, concurrent ones included', async () => {
    const store = h.store();
    const other = await h.open();
    const { run } = await store.createRun(newRun());
    const first = bytes('first');
    const a = await store.putArtifact(run.id, 'tfjs-layers', 'model.json', first);
    const again = await store.putArtifact(run.id, 'tfjs-layers', 'model.json', first);
    expect(again).toEqual({ ...a, created: false });
    // a different body for the same key changes nothing: the stored one is returned
    const changed = await other.putArtifact(run.id, 'tfjs-layers', 'model.json', bytes('second'));
    expect(changed).toMatchObject({ created: false, sha256: sha256(first), bytes: first.byteLength });
    expect(new TextDecoder().decode((await store.getArtifact(run.id, 'tfjs-layers', 'model.json'))?.data)).toBe('first');

    const blob = new Uint8Array(randomBytes(512 * 1024));
    const racing = await Promise.all([store, other, store, other].map((s) => s.putArtifact(run.id, 'tfjs-layers', 'weights.bin', blob)));
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.sha256))).toEqual(new Set([sha256(blob)]));
    expect(await store.listArtifacts(run.id)).toHaveLength(2);
  });

  it('detects corrupted bytes on read', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    await store.putArtifact(run.id, 'tfjs-layers', 'weights.bin', new Uint8Array(randomBytes(1000)));
    await h.raw(h.url(), 'update artifacts set data = ? where run_id = ? and name = ?', [Buffer.from('truncated'), run.id, 'weights.bin']);
    const e = await store.getArtifact(run.id, 'tfjs-layers', 'weights.bin').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IntegrityError);
    expect((e as Error).message).toMatch(new RegExp(`artifact tfjs-layers/weights.bin of run "${run.id}" is corrupt: sha256 ${sha256(Buffer.from('truncated'))} \\(9 bytes\\), expected [0-9a-f]{64} \\(1000 bytes\\)`));
    // the listing still shows what was written
    expect((await store.listArtifacts(run.id))[0]).toMatchObject({ bytes: 1000 });
  });

  it('goes with its run when the run is deleted', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    await store.putArtifact(run.id, 'tfjs-layers', 'model.json', bytes('{}'));
    expect(await store.deleteRun(run.id)).toBe(true);
    expect(await h.raw(h.url(), 'select run_id from artifacts where run_id = ?', [run.id])).toEqual([]);
  });

  it('refuses paths, bad kinds, unknown runs and data that is not bytes, naming the argument', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    await expect(store.putArtifact(run.id, 'tfjs-layers', '../model.json', bytes('{}'))).rejects.toThrow(/expected name to match .* in putArtifact\(\), got "\.\.\/model\.json"/);
    await expect(store.getArtifact(run.id, 'tfjs-layers', 'a/b.bin')).rejects.toThrow(StoreInputError);
    await expect(store.putArtifact(run.id, 'TFJS Layers', 'model.json', bytes('{}'))).rejects.toThrow(/expected kind to match .* in putArtifact\(\), got "TFJS Layers"/);
    await expect(store.listArtifacts('../etc')).rejects.toThrow(/expected runId to match/);
    await expect(store.putArtifact(run.id, 'tfjs-layers', 'model.json', '{}' as never)).rejects.toThrow(/expected data to be a Uint8Array in putArtifact\(\), got "\{\}"/);
    await expect(store.putArtifact(uniqueId(), 'tfjs-layers', 'model.json', bytes('{}'))).rejects.toThrow(StoreInputError);
    expect(await store.listArtifacts(run.id)).toEqual([]);
  });
});
