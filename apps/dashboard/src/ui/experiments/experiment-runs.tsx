import Link from 'next/link';
import type { RunRow } from '@rnnlab/store';
import { fmt, fmtDuration, fmtGroup } from '@/lib/format';
import { colorOf } from '../charts/colors';
import { StatusBadge } from '../runs/status-badge';

export function ExperimentRuns({ runs, groupOf, groups, metric }: { runs: RunRow[]; groupOf: Record<string, string>; groups: string[]; metric: string }) {
  return (
    <table data-testid="experiment-runs">
      <thead>
        <tr>
          <th>run</th>
          <th>group</th>
          <th className="num">seed</th>
          <th>status</th>
          <th className="num">val {metric}</th>
          <th className="num">attempts</th>
          <th className="num">wall</th>
          <th>host</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id} data-status={r.status}>
            <td>
              <Link href={`/runs/${r.id}`}>{r.id}</Link>
            </td>
            <td>
              <span className="cell-tag" style={{ color: colorOf(groupOf[r.id], groups) }}>
                {fmtGroup(groupOf[r.id])}
              </span>
            </td>
            <td className="num">{r.seed}</td>
            <td>
              <StatusBadge status={r.status} />
            </td>
            <td className="num">{fmt(r.finalMetrics?.val[metric])}</td>
            <td className="num">{r.attempts}</td>
            <td className="num">{r.finalMetrics ? fmtDuration(r.finalMetrics.elapsedMs) : '–'}</td>
            <td className="small">{r.host ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
