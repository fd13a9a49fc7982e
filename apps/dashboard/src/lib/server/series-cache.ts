/**
 * Downsampled series of finished runs, kept in memory: a final run's metrics never change (points are
 * insert-only and the run is final), so its chart data is computed once per (run, metric, width) and
 * then served from here. Runs still training are always read fresh. Least recently used entries go
 * first beyond MAX_ENTRIES.
 */
import { FINAL_STATUSES, type RunStatus } from '@rnnlab/contracts';
import type { MetricBucket, MetricSplit, Store } from '@rnnlab/store';

const MAX_ENTRIES = 5000;
const g = globalThis as { __rnnlabSeriesCache?: Map<string, MetricBucket[]> };
const cache = (g.__rnnlabSeriesCache ??= new Map());

export async function cachedSeries(
  store: Store,
  runs: readonly { id: string; status: RunStatus }[],
  query: { split: MetricSplit; name: string; buckets: number },
): Promise<Record<string, MetricBucket[]>> {
  const key = (id: string) => `${id}|${query.split}|${query.name}|${query.buckets}`;
  const out: Record<string, MetricBucket[]> = {};
  const missing: string[] = [];
  for (const r of runs) {
    const hit = FINAL_STATUSES.includes(r.status) ? cache.get(key(r.id)) : undefined;
    if (hit) {
      cache.delete(key(r.id)); // refresh its place in the LRU order
      cache.set(key(r.id), hit);
      out[r.id] = hit;
    } else missing.push(r.id);
  }
  if (missing.length) {
    const fresh = await store.getMetricSeries(missing, query);
    const final = new Set(runs.filter((r) => FINAL_STATUSES.includes(r.status)).map((r) => r.id));
    for (const [id, points] of Object.entries(fresh)) {
      out[id] = points;
      if (final.has(id)) cache.set(key(id), points);
    }
    while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  return out;
}
