import { expect, it } from 'vitest';
import { StoreInputError } from './errors/store-input-error';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun, uniqueId } from './testing/fixtures';

describeEachDialect('run events', (h) => {
  it('stores each (attempt, kind, step) once, so a re-run attempt repeating events adds nothing', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    const events = [
      { runId: run.id, attempt: 0, kind: 'queued' as const },
      { runId: run.id, attempt: 1, kind: 'started' as const, host: 'host-a' },
      { runId: run.id, attempt: 1, kind: 'checkpoint' as const, step: 500 },
      { runId: run.id, attempt: 1, kind: 'stalled' as const, message: 'lock lost' },
      { runId: run.id, attempt: 2, kind: 'resumed' as const, step: 500 },
    ];
    for (const e of events) expect(await store.addEvent(e)).toBe(true);
    // the same attempt delivered again: every event repeats, null steps included
    for (const e of events) expect(await store.addEvent({ ...e, message: 'again' })).toBe(false);
    // a new step or a new attempt is a new event
    expect(await store.addEvent({ runId: run.id, attempt: 1, kind: 'checkpoint', step: 1000 })).toBe(true);
    expect(await store.addEvent({ runId: run.id, attempt: 2, kind: 'started' })).toBe(true);

    const stored = await store.listEvents(run.id);
    expect(stored.map((e) => [e.attempt, e.kind, e.step])).toEqual([
      [0, 'queued', null],
      [1, 'started', null],
      [1, 'checkpoint', 500],
      [1, 'stalled', null],
      [2, 'resumed', 500],
      [1, 'checkpoint', 1000],
      [2, 'started', null],
    ]);
    expect(stored[1]).toMatchObject({ runId: run.id, host: 'host-a', message: null });
    expect(stored[3].message).toBe('lock lost');
    expect(stored.every((e, i) => i === 0 || e.id > stored[i - 1].id)).toBe(true);
    expect(stored.every((e) => typeof e.at === 'number')).toBe(true);
  });

  it('refuses unknown kinds and unknown runs', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    await expect(store.addEvent({ runId: run.id, attempt: 1, kind: 'exploded' as never })).rejects.toThrow(/expected kind to be one of queued\|started/);
    await expect(store.addEvent({ runId: uniqueId(), attempt: 1, kind: 'started' })).rejects.toThrow(StoreInputError);
    expect(await store.listEvents(uniqueId())).toEqual([]);
  });
});
