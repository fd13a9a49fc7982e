import { expect, it } from 'vitest';
import { StoreInputError } from './errors/store-input-error';
import { MAX_SERIES_BUCKETS, MAX_SERIES_RUNS, type MetricBucket } from './metric-series-repository';
import type { MetricPoint, MetricSplit } from './metrics-repository';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun, uniqueId } from './testing/fixtures';

/** a deterministic noisy curve (an LCG, so the expected buckets do not depend on Math.random) */
function noisy(seed: number): (step: number) => number {
  let x = seed;
  return (step) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return 1 / Math.sqrt(step) + (x / 2 ** 31 - 0.5) * 0.1;
  };
}

const points = (steps: readonly number[], value: (step: number) => number, split: MetricSplit = 'val', name = 'loss'): MetricPoint[] =>
  steps.map((step) => ({ split, name, step, value: value(step) }));

const range = (from: number, to: number, every = 1) => Array.from({ length: Math.floor((to - from) / every) + 1 }, (_, i) => from + i * every);

/**
 * The reference: the documented definition applied point by point in JS. Buckets are equal-width
 * over [lo, hi]; NaN is ignored by min/max unless the whole bucket is NaN; `last` is the value at
 * the largest step.
 */
function expectedBuckets(series: readonly MetricPoint[], buckets: number, fromStep?: number, toStep?: number): MetricBucket[] {
  const inRange = series.filter((p) => (fromStep === undefined || p.step >= fromStep) && (toStep === undefined || p.step <= toStep)).sort((a, b) => a.step - b.step);
  if (inRange.length === 0) return [];
  if (inRange.length <= buckets) return inRange.map((p) => ({ step: p.step, min: p.value, max: p.value, last: p.value, n: 1 }));
  const lo = fromStep ?? inRange[0].step;
  const hi = toStep ?? inRange[inRange.length - 1].step;
  const groups = new Map<number, MetricPoint[]>();
  for (const p of inRange) {
    const b = Math.floor(((p.step - lo) * buckets) / (hi - lo + 1));
    const group = groups.get(b);
    if (group) group.push(p);
    else groups.set(b, [p]);
  }
  return [...groups.values()].map((ps) => {
    const values = ps.map((p) => p.value).filter((v) => !Number.isNaN(v));
    const lastPoint = ps[ps.length - 1];
    return {
      step: lastPoint.step,
      min: values.length ? Math.min(...values) : Number.NaN,
      max: values.length ? Math.max(...values) : Number.NaN,
      last: lastPoint.value,
      n: ps.length,
    };
  });
}

describeEachDialect('metric series', (h) => {
  const newSeries = async (series: readonly MetricPoint[]) => {
    const { run } = await h.store().createRun(newRun());
    await h.store().addMetrics(run.id, series);
    return run.id;
  };

  it('downsamples 10,000 points into 100 buckets of exactly 100 steps, min/max/last per bucket', async () => {
    const series = points(range(1, 10_000), noisy(1));
    const id = await newSeries([...series, ...points(range(1, 10_000), () => 99, 'val', 'accuracy'), ...points(range(1, 10_000), () => 77, 'train')]);
    const got = (await h.store().getMetricSeries([id], { split: 'val', name: 'loss', buckets: 100 }))[id];
    expect(got).toHaveLength(100);
    // the known answer: bucket k holds steps 100k+1 .. 100k+100
    expect(got.map((b) => b.step)).toEqual(range(100, 10_000, 100));
    expect(got.every((b) => b.n === 100)).toBe(true);
    expect(got[0].min).toBe(Math.min(...series.slice(0, 100).map((p) => p.value)));
    expect(got[0].max).toBe(Math.max(...series.slice(0, 100).map((p) => p.value)));
    expect(got[0].last).toBe(series[99].value);
    expect(got).toEqual(expectedBuckets(series, 100));
  });

  it('keeps a one-step spike as the max of its bucket, and uneven bucket widths match the definition', async () => {
    const series = points(range(1, 10_000), noisy(2)).map((p) => (p.step === 4321 ? { ...p, value: 1e3 } : p));
    const id = await newSeries(series);
    for (const buckets of [100, 7, 333, 1]) {
      const got = (await h.store().getMetricSeries([id], { split: 'val', name: 'loss', buckets }))[id];
      expect(got).toEqual(expectedBuckets(series, buckets));
      const spiked = got.filter((b) => b.max === 1e3);
      expect(spiked).toHaveLength(1);
      expect(spiked[0].step).toBeGreaterThanOrEqual(4321);
      expect(got.reduce((n, b) => n + b.n, 0)).toBe(10_000);
    }
  });

  it('ignores NaN in min and max, gives NaN for a bucket of NaN only, and a NaN last point as last', async () => {
    // 40 points into 4 buckets of 10 steps: bucket 1 is NaN only, bucket 2 ends with NaN, bucket 3 has one NaN inside
    const value = (s: number) => {
      if (s >= 11 && s <= 20) return Number.NaN;
      if (s === 30 || s === 35) return Number.NaN;
      return s;
    };
    const series = points(range(1, 40), value);
    const id = await newSeries(series);
    const got = (await h.store().getMetricSeries([id], { split: 'val', name: 'loss', buckets: 4 }))[id];
    expect(got).toEqual([
      { step: 10, min: 1, max: 10, last: 10, n: 10 },
      { step: 20, min: Number.NaN, max: Number.NaN, last: Number.NaN, n: 10 },
      { step: 30, min: 21, max: 29, last: Number.NaN, n: 10 },
      { step: 40, min: 31, max: 40, last: 40, n: 10 },
    ]);
    expect(got).toEqual(expectedBuckets(series, 4));
  });

  it('buckets several runs in one call, each over its own steps, and returns short runs point by point', async () => {
    const store = h.store();
    const a = points(range(1, 10_000), noisy(3));
    const b = points(range(500, 2500, 5), noisy(4)); // 401 points
    // fewer points than buckets, though 3, 4, 9 and 27 would share an equal-width bucket of [3, 5000]
    const c = points([3, 4, 9, 27, 5000], (s) => (s === 9 ? Number.NaN : -s));
    const [ida, idb, idc] = [await newSeries(a), await newSeries(b), await newSeries(c)];
    const idOther = await newSeries(points(range(1, 50), () => 1, 'train')); // no val/loss
    const unknown = uniqueId();
    const got = await store.getMetricSeries([ida, idb, idc, idOther, unknown, ida], { split: 'val', name: 'loss', buckets: 200 });
    expect(Object.keys(got).sort()).toEqual([ida, idb, idc, idOther, unknown].sort());
    expect(got[ida]).toEqual(expectedBuckets(a, 200));
    expect(got[idb]).toEqual(expectedBuckets(b, 200));
    // b's own range [500, 2500]: its first bucket holds 500, 505, 510 ((510 - 500) * 200 / 2001 < 1)
    expect(got[idb][0]).toMatchObject({ step: 510, n: 3 });
    expect(got[idc]).toEqual([
      { step: 3, min: -3, max: -3, last: -3, n: 1 },
      { step: 4, min: -4, max: -4, last: -4, n: 1 },
      { step: 9, min: Number.NaN, max: Number.NaN, last: Number.NaN, n: 1 },
      { step: 27, min: -27, max: -27, last: -27, n: 1 },
      { step: 5000, min: -5000, max: -5000, last: -5000, n: 1 },
    ]);
    expect(got[idOther]).toEqual([]);
    expect(got[unknown]).toEqual([]);
    expect(await store.getMetricSeries([], { split: 'val', name: 'loss', buckets: 10 })).toEqual({});
  });

  it('buckets [fromStep, toStep] for every run when a range is given', async () => {
    const a = points(range(1, 10_000), noisy(5));
    const b = points(range(2000, 3000), noisy(6));
    const [ida, idb] = [await newSeries(a), await newSeries(b)];
    const query = { split: 'val', name: 'loss', buckets: 50, fromStep: 1001, toStep: 6000 } as const;
    const got = await h.store().getMetricSeries([ida, idb], query);
    expect(got[ida]).toEqual(expectedBuckets(a, 50, 1001, 6000));
    expect(got[ida].map((x) => x.step)).toEqual(range(1100, 6000, 100));
    // the same bucket edges for b, which covers only part of the range
    expect(got[idb]).toEqual(expectedBuckets(b, 50, 1001, 6000));
    expect(got[idb].map((x) => x.step)).toEqual(range(2000, 3000, 100));
    // only a start, only an end
    expect((await h.store().getMetricSeries([ida], { ...query, toStep: undefined }))[ida]).toEqual(expectedBuckets(a, 50, 1001));
    expect((await h.store().getMetricSeries([ida], { ...query, fromStep: undefined }))[ida]).toEqual(expectedBuckets(a, 50, undefined, 6000));
    expect((await h.store().getMetricSeries([ida], { ...query, fromStep: 20_000, toStep: undefined }))[ida]).toEqual([]);
  });

  it('buckets a range wider than 2^51 steps without overflowing', async () => {
    // span 2^53 into 4000 buckets: (step - lo) * 4000 passes 2^63; the last two steps share the last bucket
    const top = Number.MAX_SAFE_INTEGER;
    const steps = [...range(0, 3999), 2 ** 52, top - 2 ** 40, top];
    const id = await newSeries(points(steps, (s) => (s < 4000 ? s : s === top - 2 ** 40 ? -2 : -1)));
    const got = (await h.store().getMetricSeries([id], { split: 'val', name: 'loss', buckets: MAX_SERIES_BUCKETS }))[id];
    expect(got).toEqual([
      { step: 3999, min: 0, max: 3999, last: 3999, n: 4000 },
      { step: 2 ** 52, min: -1, max: -1, last: -1, n: 1 },
      { step: top, min: -2, max: -1, last: -1, n: 2 },
    ]);
  });

  it('refuses bad input, naming the argument', async () => {
    const store = h.store();
    const q = { split: 'val', name: 'loss', buckets: 10 } as const;
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `run-${i}`);
    const bad: [Promise<unknown>, RegExp][] = [
      [store.getMetricSeries(ids(MAX_SERIES_RUNS + 1), q), /expected runIds to hold at most 200 run ids in getMetricSeries\(\), got "201 ids"/],
      [store.getMetricSeries('run-1' as never, q), /expected runIds to be an array/],
      [store.getMetricSeries(['run-1', '../x'], q), /expected runIds\[1\] to match/],
      [store.getMetricSeries(['run-1'], { ...q, buckets: 0 }), /expected buckets to be an integer from 1 to 4000 in getMetricSeries\(\), got 0/],
      [store.getMetricSeries(['run-1'], { ...q, buckets: 4001 }), /expected buckets .* got 4001/],
      [store.getMetricSeries(['run-1'], { ...q, buckets: 2.5 }), /expected buckets .* got 2.5/],
      [store.getMetricSeries(['run-1'], { ...q, split: 'dev' as never }), /expected split to be one of train\|val\|test/],
      [store.getMetricSeries(['run-1'], { ...q, name: '' }), /expected name to be a non-empty string/],
      [store.getMetricSeries(['run-1'], { ...q, fromStep: -1 }), /expected fromStep to be an integer from 0/],
      [store.getMetricSeries(['run-1'], { ...q, fromStep: 10, toStep: 9 }), /expected toStep to be an integer from 10 .* got 9/],
      [store.getMetricSeries(['run-1'], null as never), /expected query to be/],
    ];
    for (const [call, message] of bad) {
      const e = await call.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(StoreInputError);
      expect((e as Error).message).toMatch(message);
    }
    // 200 ids is the limit, not beyond it
    expect(Object.keys(await store.getMetricSeries(ids(MAX_SERIES_RUNS), q))).toHaveLength(MAX_SERIES_RUNS);
  });
});
