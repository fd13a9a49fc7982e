/** One colour per cell everywhere (charts, tables, legends): RNN red, LSTM blue, GRU green. */
const CELL_COLORS: Record<string, string> = { rnn: '#d62728', lstm: '#1f77b4', gru: '#2ca02c' };
const EXTRA = ['#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];

/** A group's colour: its cell's, or for variants of one cell (`gru context=attention`) a distinct one. */
export function colorOf(group: string, groups: readonly string[] = []): string {
  const cell = group.split(' ')[0];
  const sameCell = groups.filter((g) => g.split(' ')[0] === cell);
  if (sameCell.length <= 1 && CELL_COLORS[cell]) return CELL_COLORS[cell];
  const i = groups.indexOf(group);
  return i <= 0 && CELL_COLORS[cell] ? CELL_COLORS[cell] : EXTRA[(i < 0 ? 0 : i) % EXTRA.length];
}

/** `#rrggbb` with an alpha */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
