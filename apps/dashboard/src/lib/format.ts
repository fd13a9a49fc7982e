/** How numbers read on the dashboard: 3 significant digits, scientific below 1e-3. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(2);
  if (Number.isInteger(x) && a < 1e6) return String(x);
  return Number(x.toPrecision(3)).toString();
}

export function fmtMeanCi(m: { mean: number; low: number | null; high: number | null; n: number } | null | undefined): string {
  if (!m) return '–';
  if (m.low === null || m.high === null) return `${fmt(m.mean)} (n=${m.n})`;
  return `${fmt(m.mean)} ± ${fmt((m.high - m.low) / 2)}`;
}

export function fmtP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

export function fmtTime(at: number | null | undefined): string {
  if (!at) return '–';
  return new Date(at).toISOString().replace('T', ' ').slice(0, 19);
}

export function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

/** A group as shown: its cell in capitals, the rest as it is (`gru lr=0.003` -> `GRU lr=0.003`). */
export function fmtGroup(group: string): string {
  return group.replace(/^(rnn|lstm|gru)\b/, (cell) => cell.toUpperCase());
}
