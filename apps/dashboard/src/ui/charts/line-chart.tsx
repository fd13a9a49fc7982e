'use client';
/**
 * Line charts on uPlot (canvas; made for large series): any number of lines over a shared x axis
 * (steps), optional bands (mean ± sd), a log y axis, vertical markers (a run's timeline), and live
 * appends — lines with a `live` key grow from server-sent progress events without a reload.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useLive } from '../live/live-provider';
import { withAlpha } from './colors';

export interface ChartLine {
  label: string;
  color: string;
  x: number[];
  y: number[];
  width?: number;
  dash?: number[];
  /** a band drawn behind the line */
  band?: { low: number[]; high: number[] };
  /** append this run's live training loss to the line */
  live?: { runId: string };
}

export interface ChartMarker {
  x: number;
  label: string;
  color: string;
}

interface Props {
  lines: ChartLine[];
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  logX?: boolean;
  height?: number;
  markers?: ChartMarker[];
  /** the legend's entries (default: one per distinct line label, up to 12) */
  legend?: { label: string; color: string; dash?: boolean }[];
  /** a test id for the chart's container */
  testId?: string;
}

type Table = [number[], ...(number | null)[][]];

/** axis labels: 1e-5 rather than uPlot's 0 for small values on a log axis */
function tick(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a < 1e-3 || a >= 1e5) {
    const e = Math.floor(Math.log10(a));
    const m = v / 10 ** e;
    return Math.abs(Math.abs(m) - 1) < 1e-9 ? `${m < 0 ? '-' : ''}1e${e}` : `${Number(m.toPrecision(2))}e${e}`;
  }
  return String(Number(v.toPrecision(3)));
}

/** Aligns every line (and band edge) on the union of their x values. */
function align(lines: ChartLine[], logY: boolean): { data: Table; bands: { hi: number; lo: number; color: string }[] } {
  const xs = [...new Set(lines.flatMap((l) => l.x))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const column = (x: number[], y: number[]) => {
    const out: (number | null)[] = new Array(xs.length).fill(null);
    x.forEach((xi, i) => {
      const v = y[i];
      out[index.get(xi) as number] = Number.isFinite(v) && (!logY || v > 0) ? v : null;
    });
    return out;
  };
  const data: Table = [xs];
  const bands: { hi: number; lo: number; color: string }[] = [];
  for (const l of lines) {
    data.push(column(l.x, l.y));
    if (l.band) {
      data.push(column(l.x, l.band.high), column(l.x, l.band.low));
      bands.push({ hi: data.length - 2, lo: data.length - 1, color: l.color });
    }
  }
  return { data, bands };
}

export function LineChart({ lines, xLabel, yLabel, logY = false, logX = false, height = 260, markers = [], legend, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const liveLines = useRef(lines);
  const live = useLive();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    liveLines.current = lines.map((l) => ({ ...l, x: [...l.x], y: [...l.y] }));
    const { data, bands } = align(liveLines.current, logY);
    const series: uPlot.Series[] = [{ label: xLabel }];
    for (const l of lines) {
      // a short series (a few evaluations) is drawn with its points, so one point still shows
      series.push({ label: l.label, stroke: l.color, width: l.width ?? 1.5, dash: l.dash, spanGaps: true, points: { show: l.x.length <= 40, size: 6, fill: l.color } });
      if (l.band) series.push({ label: `${l.label} +sd`, stroke: 'transparent', spanGaps: true, points: { show: false } }, { label: `${l.label} −sd`, stroke: 'transparent', spanGaps: true, points: { show: false } });
    }
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height,
      series,
      bands: bands.map((b) => ({ series: [b.hi, b.lo], fill: withAlpha(b.color, 0.15) })),
      scales: { x: { time: false, distr: logX ? 3 : 1 }, y: { distr: logY ? 3 : 1 } },
      axes: [
        { label: xLabel, stroke: '#555', grid: { stroke: '#eee' }, values: (_u, splits) => splits.map(tick) },
        // a log axis over many decades: a label every few decades, not sixteen in a column
        { label: yLabel, stroke: '#555', grid: { stroke: '#eee' }, size: 70, values: (_u, splits) => splits.map((v, i) => (i % Math.ceil(splits.length / 8) === 0 ? tick(v) : '')) },
      ],
      legend: { show: false },
      cursor: { drag: { x: true, y: false } },
      hooks: {
        // when the first frame with data was drawn (performance.now()), for the benchmark
        ready: [() => el.setAttribute('data-drawn-at', String(performance.now()))],
        draw: [
          (u) => {
            const ctx = u.ctx;
            for (const m of markers) {
              const px = u.valToPos(m.x, 'x', true);
              if (!Number.isFinite(px)) continue;
              ctx.save();
              ctx.strokeStyle = m.color;
              ctx.setLineDash([4, 3]);
              ctx.beginPath();
              ctx.moveTo(px, u.bbox.top);
              ctx.lineTo(px, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.fillStyle = m.color;
              ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
              ctx.fillText(m.label, px + 3 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
              ctx.restore();
            }
          },
        ],
      },
    };
    const u = new uPlot(opts, data as uPlot.AlignedData, el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(320, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [lines, xLabel, yLabel, logY, logX, height, markers]);

  // live appends: training loss of the lines that follow a run
  useEffect(() => {
    if (!live || !lines.some((l) => l.live)) return;
    return live.onProgress((e) => {
      const l = liveLines.current.find((x) => x.live?.runId === e.runId);
      if (!l || e.progress.loss === null) return;
      if (l.x.length && e.progress.step <= l.x[l.x.length - 1]) return;
      l.x.push(e.progress.step);
      l.y.push(e.progress.loss);
      plot.current?.setData(align(liveLines.current, logY).data as uPlot.AlignedData);
    });
  }, [live, lines, logY]);

  const entries = legend ?? [...new Map(lines.map((l) => [l.label, { label: l.label, color: l.color, dash: Boolean(l.dash) }])).values()].slice(0, 12);
  return (
    <figure className="chart-figure">
      <div ref={box} className="chart" data-testid={testId} data-lines={lines.length} />
      <figcaption className="legend">
        {entries.map((e) => (
          <span key={e.label}>
            <i style={{ borderTop: `3px ${e.dash ? 'dashed' : 'solid'} ${e.color}` }} /> {e.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
