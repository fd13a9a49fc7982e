import type { BatteryReport } from '@rnnlab/contracts';
import { fmtMeanCi } from '@/lib/format';
import { colorOf } from '../charts/colors';
import { LineChart, type ChartLine } from '../charts/line-chart';

/** A memory-horizon battery: the solved metric against lag per cell (mean and 95% CI), and each cell's horizon. */
export function BatteryReportView({ report, groups }: { report: BatteryReport; groups: string[] }) {
  const cells = [...new Set(report.perLag.flatMap((l) => l.report.cells.map((c) => c.cell)))];
  const lines: ChartLine[] = cells.map((cell) => {
    const rows = report.perLag.map((l) => ({ lag: l.lag, m: l.report.cells.find((c) => c.cell === cell)?.metrics[report.metric] })).filter((r) => r.m);
    return {
      label: cell.toUpperCase(),
      color: colorOf(cell, groups),
      x: rows.map((r) => r.lag),
      y: rows.map((r) => r.m?.mean ?? Number.NaN),
      width: 2.5,
      band: { low: rows.map((r) => r.m?.low ?? r.m?.mean ?? Number.NaN), high: rows.map((r) => r.m?.high ?? r.m?.mean ?? Number.NaN) },
    };
  });
  return (
    <>
      <div className="verdict" data-testid="verdict">
        {report.verdict}
      </div>
      <div className="card">
        <h3>
          val {report.metric} against {report.lagLabel} (mean and 95% CI over seeds)
        </h3>
        <LineChart lines={lines} xLabel={report.lagLabel} yLabel={`val ${report.metric}`} logY={report.lowerIsBetter} logX testId="battery-chart" />
        <p className="muted small">Solved: {report.solvedRule}.</p>
      </div>
      <table data-testid="horizons-table">
        <thead>
          <tr>
            <th>cell</th>
            <th className="num">memory horizon</th>
            {report.lags.map((l) => (
              <th key={l} className="num">
                {report.lagField} = {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.horizons.map((h) => (
            <tr key={h.cell}>
              <td>
                <span className="cell-tag" style={{ color: colorOf(h.cell, groups) }}>
                  {h.cell.toUpperCase()}
                </span>
              </td>
              <td className="num">{h.horizon === null ? 'none' : h.horizon === report.lags.at(-1) ? `≥ ${h.horizon}` : h.horizon}</td>
              {report.perLag.map((l) => {
                const c = l.report.cells.find((x) => x.cell === h.cell);
                return (
                  <td key={l.lag} className="num">
                    {c ? `${fmtMeanCi(c.metrics[report.metric])} (${c.solved}/${c.runs})` : '–'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
