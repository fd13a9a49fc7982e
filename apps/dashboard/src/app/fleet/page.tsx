import Link from 'next/link';
import { fleetView } from '@/lib/data';
import { fmtTime } from '@/lib/format';
import { CancelRunButton, PriorityControl, RetryRunButton } from '@/ui/actions/run-buttons';

export const dynamic = 'force-dynamic';

export default async function FleetPage() {
  const f = await fleetView();
  return (
    <>
      <h1>Fleet</h1>
      <h2>Workers</h2>
      <table data-testid="workers-table">
        <thead>
          <tr>
            <th>worker</th>
            <th>host</th>
            <th className="num">cores</th>
            <th className="num">jobs at once</th>
            <th>current runs</th>
            <th>last heartbeat</th>
          </tr>
        </thead>
        <tbody>
          {f.workers.map((w) => (
            <tr key={w.id}>
              <td>
                {w.id} {!w.alive && <span className="status status-failed">no heartbeat</span>}
              </td>
              <td>{w.host}</td>
              <td className="num">{w.cores}</td>
              <td className="num">{w.concurrency}</td>
              <td>
                {w.currentRuns.map((r) => (
                  <Link key={r} href={`/runs/${r}`} style={{ marginRight: 8 }}>
                    {r}
                  </Link>
                ))}
              </td>
              <td className="small">{fmtTime(w.heartbeatAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {f.workers.length === 0 && <p className="muted">No worker has registered: start one with `rnnlab worker` (or `npm start`).</p>}
      <h2>Queues</h2>
      {f.queues ? (
        <table data-testid="queues-table">
          <thead>
            <tr>
              <th>queue</th>
              {['waiting', 'prioritized', 'active', 'delayed', 'waiting-children', 'completed', 'failed'].map((s) => (
                <th key={s} className="num">
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Object.entries(f.queues).map(([q, counts]) => (
              <tr key={q}>
                <td>{q}</td>
                {['waiting', 'prioritized', 'active', 'delayed', 'waiting-children', 'completed', 'failed'].map((s) => (
                  <td key={s} className="num">
                    {counts[s] ?? 0}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="form-error">The queue is unreachable: {f.redisError}</p>
      )}
      <h2>Queued runs</h2>
      <p className="muted small">Highest priority first (0–100, higher runs sooner). A run already taken by a worker keeps its place.</p>
      <table data-testid="queued-runs">
        <tbody>
          {f.queued.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/runs/${r.id}`}>{r.id}</Link>
              </td>
              <td>
                {r.cell} on {r.task}
              </td>
              <td>
                <PriorityControl runId={r.id} priority={r.priority} />
              </td>
              <td>
                <CancelRunButton runId={r.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {f.queued.length === 0 && <p className="muted">None waiting.</p>}
      <h2>Failed runs</h2>
      <ul data-testid="failed-runs">
        {f.failed.map((r) => (
          <li key={r.id}>
            <Link href={`/runs/${r.id}`}>{r.id}</Link> {r.cell} on {r.task}: {r.failureReason ?? 'no reason recorded'} <RetryRunButton runId={r.id} />
          </li>
        ))}
      </ul>
      {f.failed.length === 0 && <p className="muted">None.</p>}
    </>
  );
}
