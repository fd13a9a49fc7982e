import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@rnnlab/store';
import { changePriority } from './change-priority';
import { submitRun } from './submit';
import type { RunQueue } from './run-queue';
import { queueTestsReady, smallConfig, startQueueFixture, type QueueFixture } from './testing/queue-fixture';

const ready = queueTestsReady('change-priority.spec');

describe.skipIf(!ready)('changePriority', () => {
  let fixture: QueueFixture;
  let store: Store;
  let queue: RunQueue;

  beforeAll(async () => {
    fixture = await startQueueFixture('change-priority');
    ({ store, queue } = fixture);
  });

  afterAll(async () => {
    await fixture?.stop();
  });

  const config = smallConfig;

  it('moves a waiting run ahead of the others, in the database and in Redis', async () => {
    const a = (await submitRun(store, queue, config(1), { priority: 50 })).run;
    const b = (await submitRun(store, queue, config(2), { priority: 50 })).run;
    expect((await changePriority(store, queue, b.id, 95))?.priority).toBe(95);
    expect((await store.getRun(b.id))?.priority).toBe(95);
    // BullMQ's order of the waiting train jobs: b first now (its prepare child must finish first, so
    // read the priorities of the jobs themselves)
    const jobA = await queue.queue.getJob(a.id);
    const jobB = await queue.queue.getJob(b.id);
    expect(jobB?.priority).toBeLessThan(jobA?.priority as number);
  });

  it('refuses a run that is not queued and a priority out of range', async () => {
    const c = (await submitRun(store, queue, config(3), { priority: 50 })).run;
    await store.startAttempt(c.id, { attempt: 1, host: 'h', workerId: 'w' });
    expect(await changePriority(store, queue, c.id, 80)).toBeNull();
    await expect(changePriority(store, queue, c.id, 101)).rejects.toThrow(/0 to 100/);
    await expect(changePriority(store, queue, c.id, Number.NaN)).rejects.toThrow(/0 to 100/);
  });
});
