import { expect, it } from 'vitest';
import { StoreInputError } from './errors/store-input-error';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun, sleep, uniqueId } from './testing/fixtures';

const FINAL = { val: { loss: 0.01, accuracy: 1 }, test: { loss: 0.02 }, baseline: {}, params: 10, tokensPerS: 1000, elapsedMs: 5, bestStep: 3, stoppedEarly: false };

describeEachDialect('runs', (h) => {
  it('creates a queued run once: the same id again returns the stored row', async () => {
    const store = h.store();
    const r = newRun({ priority: 3 });
    const first = await store.createRun(r);
    expect(first.created).toBe(true);
    expect(first.run).toMatchObject({
      id: r.id,
      status: 'queued',
      attempts: 0,
      seed: 7,
      cell: 'gru',
      task: 'adding',
      engine: 'tfjs',
      priority: 3,
      config: r.config,
      cancelRequested: false,
      startedAt: null,
      finishedAt: null,
    });
    expect(typeof first.run.createdAt).toBe('number');
    const again = await store.createRun({ ...r, engine: 'native', priority: 9 });
    expect(again).toEqual({ run: first.run, created: false });
    expect(await store.getRun(r.id)).toEqual(first.run);
    expect(await store.getRun(uniqueId())).toBeNull();
  });

  it('creates one run when two stores submit the same id at once', async () => {
    const other = await h.open();
    const r = newRun();
    const results = await Promise.all([h.store().createRun(r), other.createRun(r)]);
    expect(results.map((x) => x.created).sort()).toEqual([false, true]);
    expect(results[0].run).toEqual(results[1].run);
  });

  it('lists runs by experiment and status, newest first, with paging', async () => {
    const store = h.store();
    const { experiment } = await store.createExperiment({ id: uniqueId('exp'), name: 'sweep', kind: 'sweep', spec: { lr: [1, 2, 3] }, specHash: uniqueId('h') });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await store.createRun(newRun({ experimentId: experiment.id }))).run.id);
      await sleep(3); // distinct created_at
    }
    await store.startAttempt(ids[1], { attempt: 1, host: 'h', workerId: 'w' });
    const all = await store.listRuns({ experimentId: experiment.id });
    expect(all.map((r) => r.id)).toEqual([...ids].reverse());
    expect((await store.listRuns({ experimentId: experiment.id, status: 'running' })).map((r) => r.id)).toEqual([ids[1]]);
    expect((await store.listRuns({ experimentId: experiment.id, status: ['queued'] })).map((r) => r.id)).toEqual([ids[2], ids[0]]);
    expect((await store.listRuns({ experimentId: experiment.id, limit: 1, offset: 1 })).map((r) => r.id)).toEqual([ids[1]]);
    await expect(store.listRuns({ limit: 0 })).rejects.toThrow(/expected limit to be an integer from 1 to 1000 in listRuns\(\), got 0/);
  });

  it('starts attempts: started_at once, attempts = max, host and worker only from the newest attempt', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    const a1 = await store.startAttempt(run.id, { attempt: 1, host: 'host-a', workerId: 'w-a' });
    expect(a1).toMatchObject({ status: 'running', attempts: 1, host: 'host-a', workerId: 'w-a' });
    expect(a1?.startedAt).toEqual(expect.any(Number));
    await sleep(3);
    const a2 = await store.startAttempt(run.id, { attempt: 2, host: 'host-b', workerId: 'w-b' });
    expect(a2).toMatchObject({ attempts: 2, host: 'host-b', workerId: 'w-b', startedAt: a1?.startedAt });
    // a stale delivery of attempt 1 changes nothing the newer attempt recorded
    const stale = await store.startAttempt(run.id, { attempt: 1, host: 'host-a', workerId: 'w-a' });
    expect(stale).toMatchObject({ attempts: 2, host: 'host-b', workerId: 'w-b' });
    expect(await store.setResumedFromStep(run.id, 500)).toBe(true);
    expect((await store.getRun(run.id))?.resumedFromStep).toBe(500);
    expect(await store.startAttempt(uniqueId(), { attempt: 1, host: 'h', workerId: 'w' })).toBeNull();
  });

  it('finishes a run once: a stale attempt loses and a final state is never overwritten', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    await store.startAttempt(run.id, { attempt: 1, host: 'h', workerId: 'w1' });
    await store.startAttempt(run.id, { attempt: 2, host: 'h', workerId: 'w2' });
    expect(await store.finishRun(run.id, 1, { status: 'failed', failureReason: 'stalled' })).toBe(false);
    expect(await store.finishRun(run.id, 2, { status: 'succeeded', finalMetrics: FINAL })).toBe(true);
    const done = await store.getRun(run.id);
    expect(done).toMatchObject({ status: 'succeeded', finalMetrics: FINAL, failureReason: null });
    expect(done?.finishedAt).toEqual(expect.any(Number));
    expect(await store.finishRun(run.id, 2, { status: 'failed', failureReason: 'late' })).toBe(false);
    expect(await store.startAttempt(run.id, { attempt: 3, host: 'h', workerId: 'w3' })).toBeNull();
    expect(await store.setResumedFromStep(run.id, 9)).toBe(false);
    expect(await store.getRun(run.id)).toEqual(done);
  });

  it('lets exactly one of two concurrent finishRun calls (two stores) win', async () => {
    const other = await h.open();
    for (let i = 0; i < 5; i++) {
      const { run } = await h.store().createRun(newRun());
      await h.store().startAttempt(run.id, { attempt: 1, host: 'h', workerId: 'w' });
      const wins = await Promise.all([
        h.store().finishRun(run.id, 1, { status: 'succeeded', finalMetrics: { ...FINAL, val: { loss: 1 } } }),
        other.finishRun(run.id, 1, { status: 'failed', failureReason: 'duplicate delivery' }),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect((await h.store().getRun(run.id))?.status).toBe(wins[0] ? 'succeeded' : 'failed');
    }
  });

  it('cancels a queued run at once and asks a running one to stop', async () => {
    const store = h.store();
    const queued = (await store.createRun(newRun())).run;
    const cancelled = await store.requestCancel(queued.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(cancelled?.finishedAt).toEqual(expect.any(Number));
    expect(await store.startAttempt(queued.id, { attempt: 1, host: 'h', workerId: 'w' })).toBeNull();

    const running = (await store.createRun(newRun())).run;
    await store.startAttempt(running.id, { attempt: 1, host: 'h', workerId: 'w' });
    expect(await store.requestCancel(running.id)).toMatchObject({ status: 'running', cancelRequested: true, finishedAt: null });
    expect(await store.finishRun(running.id, 1, { status: 'cancelled' })).toBe(true);
    const final = await store.getRun(running.id);
    expect(final?.status).toBe('cancelled');
    // a final run is left as it is
    expect(await store.requestCancel(running.id)).toEqual(final);
    expect(await store.requestCancel(uniqueId())).toBeNull();
  });

  it('requeues a failed or cancelled run for a retry, and nothing else', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    expect(await store.requeueRun(run.id)).toBeNull(); // queued: nothing to retry
    await store.startAttempt(run.id, { attempt: 1, host: 'h', workerId: 'w' });
    expect(await store.requeueRun(run.id)).toBeNull(); // running
    await store.finishRun(run.id, 1, { status: 'failed', failureReason: 'out of disk' });
    const again = await store.requeueRun(run.id);
    expect(again).toMatchObject({ status: 'queued', failureReason: null, finishedAt: null, attempts: 1 });
    // the next attempt can start and finish it
    expect(await store.startAttempt(run.id, { attempt: 2, host: 'h', workerId: 'w' })).toMatchObject({ status: 'running', attempts: 2 });
    expect(await store.finishRun(run.id, 2, { status: 'succeeded', finalMetrics: FINAL })).toBe(true);
    expect(await store.requeueRun(run.id)).toBeNull(); // succeeded stays succeeded
  });

  it('changes the priority of a queued run only', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    expect(await store.setPriority(run.id, 90)).toMatchObject({ priority: 90, status: 'queued' });
    expect((await store.getRun(run.id))?.priority).toBe(90);
    await store.startAttempt(run.id, { attempt: 1, host: 'h', workerId: 'w' });
    expect(await store.setPriority(run.id, 10)).toBeNull();
    expect((await store.getRun(run.id))?.priority).toBe(90);
    await expect(store.setPriority(run.id, 1.5)).rejects.toThrow(StoreInputError);
  });

  it('releases a running attempt back to queued, only for the current attempt', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    expect(await store.releaseAttempt(run.id, 1)).toBe(false); // queued: nothing to release
    await store.startAttempt(run.id, { attempt: 2, host: 'h', workerId: 'w' });
    expect(await store.releaseAttempt(run.id, 1)).toBe(false); // a stale attempt
    expect(await store.releaseAttempt(run.id, 2)).toBe(true);
    expect(await store.getRun(run.id)).toMatchObject({ status: 'queued', attempts: 2 });
    await store.startAttempt(run.id, { attempt: 3, host: 'h', workerId: 'w' });
    await store.finishRun(run.id, 3, { status: 'succeeded', finalMetrics: FINAL });
    expect(await store.releaseAttempt(run.id, 3)).toBe(false); // final stays final
  });

  it('refuses bad input with the function, the argument and the value', async () => {
    const store = h.store();
    await expect(store.getRun('../etc/passwd')).rejects.toThrow(StoreInputError);
    await expect(store.getRun('../etc/passwd')).rejects.toThrow(/expected runId to match .* in getRun\(\), got "\.\.\/etc\/passwd"/);
    const { run } = await store.createRun(newRun());
    await expect(store.finishRun(run.id, 0, { status: 'running' as never })).rejects.toThrow(
      /expected result.status to be one of succeeded\|failed\|cancelled\|stopped-early in finishRun\(\), got "running"/,
    );
    await expect(store.startAttempt(run.id, { attempt: 0, host: 'h', workerId: 'w' })).rejects.toThrow(/attempt/);
    await expect(store.createRun(newRun({ experimentId: uniqueId('exp') }))).rejects.toThrow(/createRun\(\) on .*refers to a row that does not exist/);
  });

  it('keeps long failure reasons, cut to a bounded length', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    expect(await store.finishRun(run.id, 0, { status: 'failed', failureReason: `x\0${'y'.repeat(20_000)}` })).toBe(true);
    const reason = (await store.getRun(run.id))?.failureReason ?? '';
    expect(reason.length).toBe(8000);
    expect(reason.startsWith('xyyy')).toBe(true);
  });

  it('deletes a run with everything recorded for it', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    await store.addEvent({ runId: run.id, attempt: 0, kind: 'queued' });
    await store.addMetrics(run.id, [{ split: 'train', name: 'loss', step: 1, value: 1 }]);
    await store.addSample(run.id, 1, 'abc');
    await store.saveCheckpoint(run.id, 1, new Uint8Array([1]));
    expect(await store.deleteRun(run.id)).toBe(true);
    expect(await store.deleteRun(run.id)).toBe(false);
    expect(await store.getRun(run.id)).toBeNull();
    const left = await Promise.all(
      ['run_events', 'metrics', 'samples', 'checkpoints'].map((t) => h.raw(h.url(), `select count(*) as n from ${t} where run_id = ?`, [run.id])),
    );
    expect(left.map((rows) => Number(rows[0].n))).toEqual([0, 0, 0, 0]);
  });
});
