import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RUN_ID_PATTERN } from '@rnnlab/contracts';
import { runView, withFinal } from '@/lib/data';
import { fmt, fmtDuration, fmtInt, fmtTime } from '@/lib/format';
import { LineChart, type ChartMarker } from '@/ui/charts/line-chart';
import { colorOf } from '@/ui/charts/colors';
import { chartValues } from '@/ui/charts/precision';
import { CancelRunButton, RetryRunButton } from '@/ui/actions/run-buttons';
import { LiveProvider } from '@/ui/live/live-provider';
import { GradientOverlay, SaturationHeatmap, SpectralChart } from '@/ui/run/diagnostics-view';
import { CellTag, StatusBadge } from '@/ui/runs/status-badge';

export const dynamic = 'force-dynamic';

const MARKER_COLORS: Record<string, string> = { resumed: '#2457c5', stalled: '#b3261e', 'attempt-failed': '#b3261e', 'cancel-requested': '#7a5b14', started: '#2ca02c', 'stopped-early': '#7a5b14' };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!RUN_ID_PATTERN.test(id)) notFound();
  const v = await runView(id);
  if (!v) notFound();
  const { run } = v;
  const groups = v.overlay.map((o) => o.group);
  const color = colorOf(v.overlay.find((o) => o.runId === id)?.group ?? run.cell, groups);
  const markers: ChartMarker[] = v.events
    .filter((e) => e.step !== null && MARKER_COLORS[e.kind])
    .map((e) => ({ x: e.step as number, label: `${e.kind}${e.host ? ` on ${e.host}` : ''}`, color: MARKER_COLORS[e.kind] }));
  const loss = v.series.find((s) => s.split === 'train' && s.name === 'loss');
  const val = v.series.filter((s) => s.split === 'val');
  const m = run.finalMetrics;
  return (
    <LiveProvider query={v.final ? null : `runs=${id}`}>
      <h1>
        <CellTag cell={run.cell} /> on {run.task} · <span data-testid="run-id">{run.id}</span> <StatusBadge status={run.status} />
        {!v.final && <CancelRunButton runId={id} />}
        {(run.status === 'failed' || run.status === 'cancelled') && <RetryRunButton runId={id} />}
      </h1>
      <p className="muted">
        hidden {run.config.model.hidden} × {run.config.model.layers} layer(s) · seed {run.seed} · {run.config.train.steps} steps · attempt {run.attempts}
        {run.resumedFromStep !== null && ` · resumed from step ${run.resumedFromStep}`}
        {run.host && ` · on ${run.host}`}
        {v.experiment && (
          <>
            {' '}
            · experiment <Link href={`/experiments/${v.experiment.id}`}>{v.experiment.name}</Link>
          </>
        )}
      </p>
      {run.failureReason && <p className="form-error">{run.failureReason}</p>}
      {m && (
        <p data-testid="final-metrics">
          val {Object.entries(m.val).map(([k, x]) => `${k} ${fmt(x)}`).join(' · ')} — baseline {Object.entries(m.baseline).map(([k, x]) => `${k} ${fmt(x)}`).join(' · ')} ·{' '}
          {fmtInt(m.params)} parameters · {fmtInt(Math.round(m.tokensPerS))} tokens/s · {fmtDuration(m.elapsedMs)}
        </p>
      )}
      {v.model && (
        <p data-testid="model-download">
          <a href={`/api/v1/runs/${id}/model/model.json`} download>Download the model (TensorFlow.js)</a> with its{' '}
          <a href={`/api/v1/runs/${id}/model/weights.bin`} download>weights.bin</a>{' '}
          <span className="muted small">— or in a browser: <code>tf.loadLayersModel(&apos;/api/v1/runs/{id}/model/model.json&apos;)</code>; it outputs logits (or values, for regression)</span>
        </p>
      )}
      <div className="grid2">
        <div className="card">
          <h3>training loss{v.final ? '' : ' · live'} with the run&apos;s timeline</h3>
          {loss && loss.points.length > 0 ? (
            <LineChart
              lines={[{ label: 'train loss', color, x: loss.points.map((p) => p.step), y: chartValues(loss.points.map((p) => p.last)), ...(v.final ? {} : { live: { runId: id } }) }]}
              xLabel="step"
              yLabel="loss (log)"
              logY
              markers={markers}
              testId="run-loss-chart"
            />
          ) : (
            <p className="muted">No steps yet.</p>
          )}
        </div>
        <div className="card">
          <h3>validation</h3>
          {val.length > 0 ? (
            val.map((s) => ({ ...s, points: withFinal(s.points, run, s.name) })).map((s) => (
              <LineChart key={s.name} lines={[{ label: `val ${s.name}`, color, x: s.points.map((p) => p.step), y: s.points.map((p) => p.last), width: 2 }]} xLabel="step" yLabel={`val ${s.name}`} logY={s.name === 'mse' || s.name === 'loss'} height={160} testId={`val-${s.name}`} />
            ))
          ) : (
            <p className="muted">No evaluation yet (every train.evalEvery steps).</p>
          )}
        </div>
      </div>
      <h2>Why: the gradient through time</h2>
      <div className="card" data-testid="diagnostics">
        <GradientOverlay runs={v.overlay.length ? v.overlay : [{ runId: id, cell: run.cell, group: run.cell, seed: run.seed, early: v.diagnostics[0] ?? null, late: v.diagnostics.at(-1) ?? null }]} groups={groups} />
      </div>
      <div className="grid2">
        <div className="card">
          <h3>σmax(W_hh) per gate, top layer</h3>
          <SpectralChart diagnostics={v.diagnostics} />
        </div>
        <div className="card">
          <h3>gate saturation, top layer</h3>
          <SaturationHeatmap diagnostics={v.diagnostics} />
        </div>
      </div>
      {v.samples.length > 0 && (
        <>
          <h2>Samples at checkpoints</h2>
          <ul>
            {v.samples.map((s) => (
              <li key={s.step}>
                step {s.step}: <code>{s.text}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="grid2">
        <div>
          <h2>Timeline</h2>
          <ul className="timeline" data-testid="timeline">
            {v.events.map((e) => (
              <li key={e.id}>
                {fmtTime(e.at)} · attempt {e.attempt} · <b>{e.kind}</b>
                {e.step !== null && ` at step ${e.step}`}
                {e.host && ` on ${e.host}`}
                {e.message && <span className="muted"> — {e.message}</span>}
              </li>
            ))}
          </ul>
          <p className="muted small">Checkpoints kept: {v.checkpoints.map((c) => c.step).join(', ') || 'none'}</p>
        </div>
        <div>
          <h2>Config</h2>
          <pre className="config">{JSON.stringify(run.config, null, 2)}</pre>
        </div>
      </div>
    </LiveProvider>
  );
}
