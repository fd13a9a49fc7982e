import Link from 'next/link';
import { CELLS, RUN_STATUSES, TASKS } from '@rnnlab/contracts';
import type { RunRow } from '@rnnlab/store';
import { fmt, fmtInt, fmtTime } from '@/lib/format';
import { viewHref, type RunsView } from '@/lib/runs-query';
import { CellTag, StatusBadge } from './status-badge';

const METRICS = ['loss', 'mse', 'accuracy', 'bits_per_token', 'recall_accuracy', 'sequence_accuracy'] as const;

/** the metric a run is judged by: mse for regression, else the first non-loss metric, else loss */
function headlineMetric(r: RunRow): [string, number] | null {
  const val = r.finalMetrics?.val;
  if (!val) return null;
  const name = 'mse' in val ? 'mse' : (Object.keys(val).find((k) => k !== 'loss') ?? 'loss');
  return [name, val[name]];
}

function SortHeader({ view, sort, label, num }: { view: RunsView; sort: string; label: string; num?: boolean }) {
  const on = view.sort === sort;
  const dir = on && view.dir === 'desc' ? 'asc' : 'desc';
  return (
    <th className={num ? 'num' : undefined}>
      <Link href={viewHref(view, { sort, dir })} aria-sort={on ? (view.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
        {label}
        {on ? (view.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </Link>
    </th>
  );
}

function Chips<T extends string>({ view, field, values, counts }: { view: RunsView; field: 'status' | 'cell' | 'task'; values: readonly T[]; counts?: Record<string, number> }) {
  const current = view[field] as string[];
  return (
    <span>
      <span className="muted">{field}: </span>
      {values.map((v) => {
        const on = current.includes(v);
        const next = on ? current.filter((x) => x !== v) : [...current, v];
        return (
          <Link key={v} className={on ? 'chip on' : 'chip'} href={viewHref(view, { [field]: next } as Partial<RunsView>)}>
            {v}
            {counts?.[v] !== undefined ? ` ${counts[v]}` : ''}
          </Link>
        );
      })}
    </span>
  );
}

export function RunsTable(p: { view: RunsView; rows: RunRow[]; total: number; pages: number; byCell: Record<string, number>; byStatus: Record<string, number> }) {
  const { view } = p;
  let lastCell: string | null = null;
  return (
    <>
      <div className="filters" data-testid="run-filters">
        <Chips view={view} field="status" values={RUN_STATUSES} counts={p.byStatus} />
        <Chips view={view} field="cell" values={CELLS} counts={p.byCell} />
        <Chips view={view} field="task" values={TASKS} />
        <Link className={view.group ? 'chip on' : 'chip'} href={viewHref(view, { group: !view.group })}>
          group by cell
        </Link>
        <span className="muted">sort by final metric: </span>
        {METRICS.map((m) => (
          <Link key={m} className={view.sort === `metric:val.${m}` ? 'chip on' : 'chip'} href={viewHref(view, { sort: `metric:val.${m}`, dir: m.includes('accuracy') ? 'desc' : 'asc' })}>
            val {m}
          </Link>
        ))}
        {view.experiment && (
          <Link className="chip on" href={viewHref(view, { experiment: null })}>
            experiment {view.experiment} ✕
          </Link>
        )}
      </div>
      <p className="muted" data-testid="runs-total">
        {fmtInt(p.total)} runs{p.total > 0 ? ` · page ${view.page} of ${p.pages}` : ''}
      </p>
      <table data-testid="runs-table">
        <thead>
          <tr>
            <th>run</th>
            <SortHeader view={view} sort="status" label="status" />
            <SortHeader view={view} sort="task" label="task" />
            <SortHeader view={view} sort="cell" label="cell" />
            <th className="num">hidden × layers</th>
            <th className="num">seed</th>
            <th className="num">step</th>
            <SortHeader view={view} sort="metric:val.loss" label="val loss" num />
            <th className="num">val metric</th>
            <th className="num">params</th>
            <th className="num">tok/s</th>
            <th>experiment</th>
            <SortHeader view={view} sort="created" label="queued" />
            <th>host</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => {
            const head = headlineMetric(r);
            const groupRow =
              view.group && r.cell !== lastCell ? (
                <tr key={`g-${r.cell}`} className="group-row">
                  <td colSpan={14}>
                    <CellTag cell={r.cell} /> · {p.byCell[r.cell] ?? 0} runs
                  </td>
                </tr>
              ) : null;
            lastCell = r.cell;
            return [
              groupRow,
              <tr key={r.id}>
                <td>
                  <Link href={`/runs/${r.id}`}>{r.id}</Link>
                </td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{r.task}</td>
                <td>
                  <CellTag cell={r.cell} />
                </td>
                <td className="num">
                  {r.config.model.hidden} × {r.config.model.layers}
                </td>
                <td className="num">{r.seed}</td>
                <td className="num">{r.config.train.steps}</td>
                <td className="num">{fmt(r.finalMetrics?.val.loss)}</td>
                <td className="num">{head ? `${head[0]} ${fmt(head[1])}` : '–'}</td>
                <td className="num">{r.finalMetrics ? fmtInt(r.finalMetrics.params) : '–'}</td>
                <td className="num">{r.finalMetrics ? fmtInt(Math.round(r.finalMetrics.tokensPerS)) : '–'}</td>
                <td>{r.experimentId ? <Link href={`/experiments/${r.experimentId}`}>{r.experimentId}</Link> : '–'}</td>
                <td className="small">{fmtTime(r.createdAt)}</td>
                <td className="small">{r.host ?? '–'}</td>
              </tr>,
            ];
          })}
        </tbody>
      </table>
      <div className="pager">
        {view.page > 1 && <Link href={viewHref(view, { page: view.page - 1 })}>← previous</Link>}
        {view.page < p.pages && (
          <Link href={viewHref(view, { page: view.page + 1 })} data-testid="next-page">
            next →
          </Link>
        )}
      </div>
    </>
  );
}
