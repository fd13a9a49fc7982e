import { expect, it } from 'vitest';
import { METRIC_BATCH_ROWS, type MetricPoint } from './metrics-repository';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun } from './testing/fixtures';

const curve = (n: number, value: (step: number) => number): MetricPoint[] =>
  Array.from({ length: n }, (_, i) => ({ split: 'train', name: 'loss', step: i + 1, value: value(i + 1) }));

describeEachDialect('metrics', (h) => {
  it('ignores points already stored, even with other values: a job run twice changes nothing', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    const first = [...curve(10, (s) => 1 / s), { split: 'val' as const, name: 'accuracy', step: 10, value: 0.5 }];
    expect(await store.addMetrics(run.id, first)).toBe(11);
    const before = await store.getMetrics(run.id);
    expect(await store.addMetrics(run.id, first.map((p) => ({ ...p, value: 42 })))).toBe(0);
    expect(await store.getMetrics(run.id)).toEqual(before);
    // half old, half new: only the new half counts
    expect(await store.addMetrics(run.id, curve(20, () => 7))).toBe(10);
    const loss = await store.getMetrics(run.id, { split: 'train', name: 'loss' });
    expect(loss.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(loss[0].value).toBe(1);
    expect(loss[9].value).toBeCloseTo(0.1, 12);
    expect(loss[10].value).toBe(7);
    expect(await store.getMetrics(run.id, { split: 'val' })).toEqual([{ split: 'val', name: 'accuracy', step: 10, value: 0.5 }]);
  });

  it('inserts batches larger than one statement, and duplicates within a batch once', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    const n = METRIC_BATCH_ROWS * 2 + 17;
    const points = curve(n, (s) => s / 1000);
    expect(await store.addMetrics(run.id, [...points, points[0], points[n - 1]])).toBe(n);
    expect(await store.getMetrics(run.id)).toHaveLength(n);
  });

  it('counts each point once when two stores add the same points at once', async () => {
    const other = await h.open();
    const { run } = await h.store().createRun(newRun());
    const points = curve(300, (s) => s);
    const counts = await Promise.all([h.store().addMetrics(run.id, points), other.addMetrics(run.id, points)]);
    expect(counts[0] + counts[1]).toBe(300);
  });

  it('keeps NaN and infinite values (a diverged loss)', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    await store.addMetrics(run.id, [
      { split: 'train', name: 'loss', step: 1, value: Number.NaN },
      { split: 'train', name: 'loss', step: 2, value: Number.POSITIVE_INFINITY },
      { split: 'train', name: 'loss', step: 3, value: -0.5e-300 },
    ]);
    expect((await store.getMetrics(run.id)).map((p) => p.value)).toEqual([Number.NaN, Number.POSITIVE_INFINITY, -0.5e-300]);
  });

  it('refuses malformed points, naming the index', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    await expect(store.addMetrics(run.id, [{ split: 'train', name: 'loss', step: -1, value: 1 }])).rejects.toThrow(
      /expected points\[0\]\.step to be an integer from 0/,
    );
    await expect(store.addMetrics(run.id, [{ split: 'dev' as never, name: 'loss', step: 1, value: 1 }])).rejects.toThrow(/points\[0\]\.split/);
    expect(await store.addMetrics(run.id, [])).toBe(0);
  });
});
