import type { SweepTrial } from '@rnnlab/contracts';
import { fmt } from '@/lib/format';

const W = 900;
const H = 260;
const PAD = 40;

/**
 * One vertical axis per varied option and one for the metric (log when every value is positive);
 * each trial a line across them, darker the better it ranked. A sweep has tens to hundreds of
 * trials, so plain SVG is enough here.
 */
export function ParallelCoordinates({ trials, keys, metric }: { trials: SweepTrial[]; keys: string[]; metric: string }) {
  const axes = [...keys, metric];
  const scaled = (values: (string | number | boolean | null)[]) => {
    const nums = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (nums.length === values.filter((v) => v !== null).length && nums.length > 0) {
      const log = nums.every((v) => v > 0) && Math.max(...nums) / Math.min(...nums) > 20;
      const f = (v: number) => (log ? Math.log10(v) : v);
      const lo = Math.min(...nums.map(f));
      const hi = Math.max(...nums.map(f));
      return { at: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? (hi === lo ? 0.5 : (f(v) - lo) / (hi - lo)) : null), ticks: [Math.min(...nums), Math.max(...nums)].map(fmt), log };
    }
    const cats = [...new Set(values.filter((v) => v !== null).map(String))].sort();
    return { at: (v: unknown) => (v === null || v === undefined ? null : cats.length === 1 ? 0.5 : cats.indexOf(String(v)) / (cats.length - 1)), ticks: [cats[0] ?? '', cats.at(-1) ?? ''], log: false };
  };
  const scales = axes.map((a, i) => scaled(trials.map((t) => (i === keys.length ? t.value : (t.options[a] ?? null)))));
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / Math.max(1, axes.length - 1);
  const y = (f: number) => H - PAD - f * (H - 2 * PAD);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`parallel coordinates of ${trials.length} trials`} data-testid="parallel-coordinates">
      {axes.map((a, i) => (
        <g key={a}>
          <line x1={x(i)} x2={x(i)} y1={PAD} y2={H - PAD} stroke="#999" />
          <text x={x(i)} y={PAD - 16} textAnchor="middle" fontSize="12" fontWeight={600}>
            {a}
            {scales[i].log ? ' (log)' : ''}
          </text>
          <text x={x(i) + 4} y={H - PAD + 14} fontSize="10" fill="#666">
            {scales[i].ticks[0]}
          </text>
          <text x={x(i) + 4} y={PAD - 4} fontSize="10" fill="#666">
            {scales[i].ticks[1]}
          </text>
        </g>
      ))}
      {[...trials].reverse().map((t) => {
        const pts = axes.map((a, i) => scales[i].at(i === keys.length ? t.value : t.options[a])).map((f, i) => (f === null ? null : `${x(i)},${y(f)}`));
        const good = 1 - (t.rank - 1) / Math.max(1, trials.length - 1);
        return (
          <polyline key={t.runId} points={pts.filter(Boolean).join(' ')} fill="none" stroke={t.rank === 1 ? '#2457c5' : `rgba(36, 87, 197, ${0.12 + 0.5 * good})`} strokeWidth={t.rank === 1 ? 3 : 1.2} strokeDasharray={t.status === 'stopped-early' ? '4 3' : undefined}>
            <title>
              #{t.rank} {Object.entries(t.options).map(([k, v]) => `${k}=${String(v)}`).join(' ')}: {fmt(t.value)}
            </title>
          </polyline>
        );
      })}
    </svg>
  );
}
