import type { SweepReport } from '@rnnlab/contracts';
import { fmt } from '@/lib/format';
import { ParallelCoordinates } from './parallel-coordinates';
import { StatusBadge } from '../runs/status-badge';

/** A sweep: the best config, what each rung did, every trial ranked, and options against the metric. */
export function SweepReportView({ report }: { report: SweepReport }) {
  const keys = [...new Set(report.trials.flatMap((t) => Object.keys(t.options)))];
  return (
    <>
      <div className="verdict" data-testid="verdict">
        {report.verdict}
      </div>
      {report.asha && (
        <p>
          Successive halving (η = {report.asha.eta}): {report.asha.stopped} of {report.trials.length} trials stopped early.{' '}
          {report.asha.perRung.map((r) => `At step ${r.step}: ${r.continued} of ${r.reached} went on.`).join(' ')}
        </p>
      )}
      <div className="card">
        <h3>Options against val {report.metric}</h3>
        <ParallelCoordinates trials={report.trials} keys={keys} metric={report.metric} />
      </div>
      <table data-testid="trials-table">
        <thead>
          <tr>
            <th className="num">rank</th>
            <th>trial</th>
            {keys.map((k) => (
              <th key={k}>{k}</th>
            ))}
            <th>status</th>
            <th className="num">stopped at</th>
            <th className="num">val {report.metric}</th>
            <th className="num">wall</th>
          </tr>
        </thead>
        <tbody>
          {report.trials.map((t) => (
            <tr key={t.runId}>
              <td className="num">{t.rank}</td>
              <td>
                <a href={`/runs/${t.runId}`}>{t.runId}</a>
              </td>
              {keys.map((k) => (
                <td key={k}>{String(t.options[k] ?? '')}</td>
              ))}
              <td>
                <StatusBadge status={t.status} />
              </td>
              <td className="num">{t.stoppedAt ?? '–'}</td>
              <td className="num">{fmt(t.value)}</td>
              <td className="num">{t.wallS === null ? '–' : `${fmt(t.wallS)} s`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
