import { createHash, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { CHECKPOINTS_KEPT } from './checkpoints-repository';
import { CheckpointIntegrityError } from './errors/checkpoint-integrity-error';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun } from './testing/fixtures';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describeEachDialect('checkpoints', (h) => {
  it('keeps the newest two, listed newest first without data, and loads them byte for byte', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    const blobs = new Map<number, Uint8Array>();
    for (const step of [100, 200, 300, 400]) {
      const data = new Uint8Array(randomBytes(4096 + step));
      blobs.set(step, data);
      const info = await store.saveCheckpoint(run.id, step, data);
      expect(info).toMatchObject({ runId: run.id, step, sha256: sha256(data), bytes: data.byteLength });
    }
    const list = await store.listCheckpoints(run.id);
    expect(CHECKPOINTS_KEPT).toBe(2);
    expect(list.map((c) => c.step)).toEqual([400, 300]);
    expect(list[0]).not.toHaveProperty('data');
    const loaded = await store.loadCheckpoint(run.id, 400);
    expect(loaded).toMatchObject(list[0]);
    expect(Buffer.from(loaded?.data ?? []).equals(Buffer.from(blobs.get(400) ?? []))).toBe(true);
    expect(await store.loadCheckpoint(run.id, 100)).toBeNull();
    // an older step saved late (a stale attempt) is pruned at once, the newest two stay
    await store.saveCheckpoint(run.id, 50, new Uint8Array([1]));
    expect((await store.listCheckpoints(run.id)).map((c) => c.step)).toEqual([400, 300]);
  });

  it('replaces a checkpoint saved again at the same step', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    await store.saveCheckpoint(run.id, 10, new Uint8Array([1, 2, 3]));
    const again = await store.saveCheckpoint(run.id, 10, new Uint8Array([4, 5]));
    expect(again.bytes).toBe(2);
    expect([...((await store.loadCheckpoint(run.id, 10))?.data ?? [])]).toEqual([4, 5]);
    expect(await store.listCheckpoints(run.id)).toHaveLength(1);
  });

  it('detects a corrupted blob on load, and falls back to the previous checkpoint', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    const older = new Uint8Array(randomBytes(1000));
    await store.saveCheckpoint(run.id, 100, older);
    await store.saveCheckpoint(run.id, 200, new Uint8Array(randomBytes(1000)));
    // flip the stored bytes behind the store's back (a truncated write, a bad disk)
    await h.raw(h.url(), 'update checkpoints set data = ? where run_id = ? and step = ?', [Buffer.from('truncated'), run.id, 200]);
    const e = await store.loadCheckpoint(run.id, 200).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CheckpointIntegrityError);
    expect((e as Error).message).toMatch(new RegExp(`checkpoint of run "${run.id}" at step 200 is corrupt: sha256 ${sha256(Buffer.from('truncated'))} \\(9 bytes\\), expected [0-9a-f]{64} \\(1000 bytes\\)`));
    const latest = await store.loadLatestCheckpoint(run.id);
    expect(latest.found?.step).toBe(100);
    expect(Buffer.from(latest.found?.data ?? []).equals(Buffer.from(older))).toBe(true);
    expect(latest.skipped).toEqual([{ step: 200, reason: (e as Error).message }]);
  });

  it('saves a 2 MB checkpoint, keeps two when two stores save at once', async () => {
    const other = await h.open();
    const { run } = await h.store().createRun(newRun());
    const big = new Uint8Array(randomBytes(2 * 1024 * 1024));
    await Promise.all([
      h.store().saveCheckpoint(run.id, 1, big),
      other.saveCheckpoint(run.id, 2, big),
      h.store().saveCheckpoint(run.id, 3, big),
      other.saveCheckpoint(run.id, 4, big),
    ]);
    expect((await h.store().listCheckpoints(run.id)).length).toBe(2);
    expect((await h.store().loadLatestCheckpoint(run.id)).found?.bytes).toBe(big.byteLength);
  });

  it('refuses data that is not bytes', async () => {
    const { run } = await h.store().createRun(newRun());
    await expect(h.store().saveCheckpoint(run.id, 1, 'weights' as never)).rejects.toThrow(/expected data to be a Uint8Array in saveCheckpoint\(\), got "weights"/);
    expect(await h.store().loadLatestCheckpoint(run.id)).toEqual({ found: null, skipped: [] });
  });
});
