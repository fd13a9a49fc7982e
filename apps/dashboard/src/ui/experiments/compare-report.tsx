import type { ExperimentReport } from '@rnnlab/contracts';
import { fmt, fmtMeanCi, fmtP, fmtInt } from '@/lib/format';
import { colorOf } from '../charts/colors';

/** A comparison's report: the verdict first, then mean ± 95% CI per group, then the tests. */
export function CompareReport({ report, groups }: { report: ExperimentReport; groups: string[] }) {
  const names = [...new Set(report.cells.flatMap((c) => Object.keys(c.metrics)))].sort((a, b) => (a === report.metric ? -1 : b === report.metric ? 1 : a.localeCompare(b)));
  return (
    <>
      <div className="verdict" data-testid="verdict">
        {report.verdict}
      </div>
      <p className="muted small">
        Solved: {report.solvedRule}. Intervals are 95% confidence intervals of the mean over seeds (Student t). Tests on {report.metric}
        {report.pairwise[0]?.scale === 'log' ? ' (compared on a log scale)' : ''}, Holm-adjusted.
      </p>
      <table data-testid="report-table">
        <thead>
          <tr>
            <th>cell</th>
            <th className="num">hidden</th>
            <th className="num">params</th>
            <th className="num">solved</th>
            {names.map((n) => (
              <th key={n} className="num">
                val {n} {n === report.metric ? (report.lowerIsBetter ? '↓' : '↑') : ''}
              </th>
            ))}
            <th className="num">test {report.metric}</th>
            <th className="num">tokens/s</th>
            <th className="num">wall time</th>
          </tr>
        </thead>
        <tbody>
          {report.cells.map((c) => (
            <tr key={c.cell}>
              <td>
                <span className="cell-tag" style={{ color: colorOf(c.cell, groups) }}>
                  {c.cell.toUpperCase()}
                </span>
              </td>
              <td className="num">{c.hidden}</td>
              <td className="num">{fmtInt(c.params)}</td>
              <td className="num">
                {c.solved}/{c.runs}
              </td>
              {names.map((n) => (
                <td key={n} className="num">
                  {fmtMeanCi(c.metrics[n])}
                </td>
              ))}
              <td className="num">{fmtMeanCi(c.test[report.metric])}</td>
              <td className="num">{c.tokensPerS ? fmtInt(Math.round(c.tokensPerS.mean)) : '–'}</td>
              <td className="num">{c.wallS ? `${fmt(c.wallS.mean)} s` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.pairwise.length > 0 && (
        <>
          <h3>Pairwise tests</h3>
          <table data-testid="pairwise-table">
            <thead>
              <tr>
                <th>pair</th>
                <th className="num">difference of means</th>
                <th>test</th>
                <th className="num">p</th>
                <th className="num">Holm-adjusted</th>
              </tr>
            </thead>
            <tbody>
              {report.pairwise.map((t) => (
                <tr key={`${t.a}-${t.b}`}>
                  <td>
                    {t.a.toUpperCase()} vs {t.b.toUpperCase()}
                  </td>
                  <td className="num">{fmt(t.meanDiff)}</td>
                  <td>
                    {t.test === 'welch' ? "Welch's t" : 'exact permutation'}
                    {t.scale === 'log' ? ` on log ${t.metric}` : ''}
                  </td>
                  <td className="num">{fmtP(t.p)}</td>
                  <td className="num">{fmtP(t.pAdjusted)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {report.failures.length > 0 && (
        <>
          <h3>Runs that did not succeed</h3>
          <ul>
            {report.failures.map((f) => (
              <li key={f.runId}>
                <a href={`/runs/${f.runId}`}>{f.runId}</a> {f.cell} seed {f.seed}: {f.status}
                {f.reason ? ` — ${f.reason}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
