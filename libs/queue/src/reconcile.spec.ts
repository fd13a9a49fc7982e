import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@rnnlab/store';
import { reconcile, RECONCILE_GRACE_MS } from './reconcile';
import { runIdFor } from './run-ids';
import { submitRun } from './submit';
import type { RunQueue } from './run-queue';
import { queueTestsReady, smallConfig, startQueueFixture, type QueueFixture } from './testing/queue-fixture';

const ready = queueTestsReady('reconcile.spec');

describe.skipIf(!ready)('reconcile', () => {
  let fixture: QueueFixture;
  let store: Store;
  let queue: RunQueue;

  beforeAll(async () => {
    fixture = await startQueueFixture('reconcile');
    ({ store, queue } = fixture);
  });

  afterAll(async () => {
    await fixture?.stop();
  });

  const config = smallConfig;

  /** a run row with no job: what a submitter that died between the two leaves (or one that has not added it yet) */
  async function rowOnly(seed: number) {
    const c = config(seed);
    const id = runIdFor(c, null);
    return (await store.createRun({ id, experimentId: null, config: c, configHash: id, engine: 'auto' })).run;
  }

  it('leaves a queued run alone while its submitter may still be adding its job, then enqueues it', async () => {
    const run = await rowOnly(1);
    expect(await reconcile(store, queue, { now: run.createdAt + 1000 })).toEqual([]);
    expect(await queue.state(run.id)).toBe('unknown');
    expect((await store.listEvents(run.id)).map((e) => e.kind)).not.toContain('requeued');
    expect(await reconcile(store, queue, { now: run.createdAt + RECONCILE_GRACE_MS + 1 })).toEqual([run.id]);
    expect(await queue.state(run.id)).not.toBe('unknown');
    expect((await store.listEvents(run.id)).filter((e) => e.kind === 'requeued').map((e) => e.message)).toEqual(['Redis had lost its job']);
    // its job is there now: the next round leaves it
    expect(await reconcile(store, queue, { now: run.createdAt + 60_000 })).toEqual([]);
  });

  it('never touches a run whose job Redis has', async () => {
    const { run } = await submitRun(store, queue, config(2));
    expect(await reconcile(store, queue, { now: run.createdAt + 60_000 })).toEqual([]);
    expect((await store.listEvents(run.id)).map((e) => e.kind)).toEqual(['queued']);
  });
});
