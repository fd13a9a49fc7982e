/**
 * Chart lines for an experiment: every run thin and faint, and per group the mean over its runs
 * with a band of ± one standard deviation (as the report's curves), at the steps the runs share.
 */
import type { MetricBucket } from '@rnnlab/store';

export interface SeriesOfRun {
  runId: string;
  group: string;
  points: MetricBucket[];
}

export interface GroupCurve {
  group: string;
  steps: number[];
  mean: number[];
  low: number[];
  high: number[];
  runs: number;
}

/** Mean and ± sd per step over the group's runs; a step counts when at least half the runs reached it. */
export function groupCurves(series: readonly SeriesOfRun[]): GroupCurve[] {
  const byGroup = new Map<string, SeriesOfRun[]>();
  for (const s of series) byGroup.set(s.group, [...(byGroup.get(s.group) ?? []), s]);
  return [...byGroup.entries()].map(([group, runs]) => {
    const atStep = new Map<number, number[]>();
    for (const r of runs) for (const p of r.points) if (Number.isFinite(p.last)) atStep.set(p.step, [...(atStep.get(p.step) ?? []), p.last]);
    const steps = [...atStep.keys()].filter((s) => (atStep.get(s) as number[]).length * 2 >= runs.length).sort((a, b) => a - b);
    const mean: number[] = [];
    const low: number[] = [];
    const high: number[] = [];
    for (const s of steps) {
      const v = atStep.get(s) as number[];
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : 0;
      mean.push(m);
      low.push(m - sd);
      high.push(m + sd);
    }
    return { group, steps, mean, low, high, runs: runs.length };
  });
}
