import { expect, it } from 'vitest';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun, sleep, uniqueId } from './testing/fixtures';

describeEachDialect('workers', (h) => {
  it('registers a worker, refreshes it on heartbeat, and lists it', async () => {
    const store = h.store();
    const id = uniqueId('worker');
    const w = await store.upsertWorker({ id, host: 'box-1', pid: 4242, engine: 'native', cores: 8, concurrency: 7 });
    expect(w).toMatchObject({ id, host: 'box-1', pid: 4242, engine: 'native', cores: 8, concurrency: 7, currentRuns: [] });
    expect(w.heartbeatAt).toBe(w.startedAt);
    const run = newRun();
    await sleep(5);
    expect(await store.heartbeat(id, [run.id])).toBe(true);
    const [after] = (await store.listWorkers()).filter((x) => x.id === id);
    expect(after.currentRuns).toEqual([run.id]);
    expect(after.startedAt).toBe(w.startedAt);
    expect(after.heartbeatAt).toBeGreaterThan(w.heartbeatAt);
    expect(await store.heartbeat(uniqueId('worker'), [])).toBe(false);
  });

  it('re-registers a restarted worker and removes it on shutdown', async () => {
    const store = h.store();
    const id = uniqueId('worker');
    const first = await store.upsertWorker({ id, host: 'box-2', pid: 1, engine: 'tfjs', cores: 2, concurrency: 2, currentRuns: ['a', 'b'] });
    await sleep(5);
    const second = await store.upsertWorker({ id, host: 'box-2', pid: 2, engine: 'tfjs', cores: 2, concurrency: 1 });
    expect(second).toMatchObject({ pid: 2, concurrency: 1, currentRuns: [] });
    expect(second.startedAt).toBeGreaterThan(first.startedAt);
    expect((await store.listWorkers()).filter((x) => x.id === id)).toHaveLength(1);
    expect(await store.removeWorker(id)).toBe(true);
    expect(await store.removeWorker(id)).toBe(false);
    await expect(store.heartbeat(id, ['../x'])).rejects.toThrow(/currentRuns\[0\]/);
  });
});
