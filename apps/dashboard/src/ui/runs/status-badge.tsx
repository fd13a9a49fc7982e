export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status}`}>{status}</span>;
}

export function CellTag({ cell, label }: { cell: string; label?: string }) {
  return <span className={`cell-tag cell-${cell}`}>{(label ?? cell).toUpperCase().replace(/^(RNN|LSTM|GRU)/, (m) => m)}</span>;
}
