import type { RunSeries } from '@/lib/data';
import { fmtGroup } from '@/lib/format';
import { groupCurves } from '@/lib/curves';
import { colorOf, withAlpha } from '../charts/colors';
import { chartValues } from '../charts/precision';
import { LineChart, type ChartLine } from '../charts/line-chart';

/** Every run's curve, faint, coloured by its group; per group the mean over seeds, bold, with a ± sd band. */
export function ExperimentCurves({ series, groups, metric, split, logY, live, testId }: { series: RunSeries[]; groups: string[]; metric: string; split: string; logY: boolean; live?: boolean; testId: string }) {
  const runsOf = (g: string) => series.filter((s) => s.group === g).length;
  // a group of one run (a sweep's trial) has no mean to draw over it: its own line is the bold one
  const lines: ChartLine[] = series.map((s) => ({
    label: `${s.group} seed ${s.seed}`,
    color: runsOf(s.group) > 1 ? withAlpha(colorOf(s.group, groups), 0.35) : colorOf(s.group, groups),
    x: s.points.map((p) => p.step),
    y: chartValues(s.points.map((p) => p.last)),
    width: runsOf(s.group) > 1 ? 1 : 2,
    ...(live && s.status === 'running' ? { live: { runId: s.runId } } : {}),
  }));
  for (const c of groupCurves(series)) {
    if (c.runs < 2) continue;
    lines.push({ label: `${c.group} mean of ${c.runs}`, color: colorOf(c.group, groups), x: c.steps, y: chartValues(c.mean), width: 2.5, band: { low: chartValues(c.low), high: chartValues(c.high) } });
  }
  if (series.every((s) => s.points.length === 0)) return <p className="muted">No {split} {metric} points yet.</p>;
  const seeds = Math.max(...groups.map(runsOf));
  const legend = groups.map((g) => ({ label: `${fmtGroup(g)}${seeds > 1 ? ' — mean ± sd over seeds (thin: each seed)' : ''}`, color: colorOf(g, groups) }));
  return <LineChart lines={lines} xLabel="step" yLabel={`${split} ${metric}${logY ? ' (log)' : ''}`} logY={logY} legend={legend} testId={testId} />;
}
