import { notFound } from 'next/navigation';
import { EXPERIMENT_ID_PATTERN, FINAL_STATUSES, groupOfRun, type BatteryReport, type ExperimentReport, type SweepReport } from '@rnnlab/contracts';

import { experimentView } from '@/lib/data';
import { fmtTime } from '@/lib/format';
import { BatteryReportView } from '@/ui/experiments/battery-report';
import { CompareReport } from '@/ui/experiments/compare-report';
import { ExperimentCurves } from '@/ui/experiments/experiment-curves';
import { ExperimentRuns } from '@/ui/experiments/experiment-runs';
import { SweepReportView } from '@/ui/experiments/sweep-report';
import { CancelExperimentButton } from '@/ui/actions/run-buttons';
import { LiveProvider } from '@/ui/live/live-provider';

export const dynamic = 'force-dynamic';

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!EXPERIMENT_ID_PATTERN.test(id)) notFound();
  const v = await experimentView(id);
  if (!v) notFound();
  const { experiment, runs, report } = v;
  const done = runs.filter((r) => FINAL_STATUSES.includes(r.status)).length;
  const active = done < runs.length;
  const groupOf = Object.fromEntries(runs.map((r) => [r.id, groupOfRun(experiment, r)]));
  const logY = v.metric === 'mse' || v.metric === 'loss';
  return (
    <LiveProvider query={active ? `experiment=${id}` : null} pollMs={report ? undefined : 3000}>
      <h1 data-testid="experiment-name">{experiment.name}</h1>
      <p className="muted">
        {experiment.kind} {id} · queued {fmtTime(experiment.createdAt)} · {done} of {runs.length} runs finished
        {active && <CancelExperimentButton experimentId={id} />}
      </p>
      {report ? (
        report.kind === 'battery' ? (
          <BatteryReportView report={report as unknown as BatteryReport} groups={v.groups} />
        ) : report.kind === 'sweep' ? (
          <SweepReportView report={report as unknown as SweepReport} />
        ) : (
          <CompareReport report={report as unknown as ExperimentReport} groups={v.groups} />
        )
      ) : (
        <p className="verdict" data-testid="pending-report">
          The report — mean ± 95% CI per cell, the tests and the verdict — is written when every run has finished ({done} of {runs.length} so far).
        </p>
      )}
      <div className="grid2">
        <div className="card">
          <h3>val {v.metric} · {experiment.kind === 'sweep' ? 'every trial' : 'every run, and the mean ± sd per cell'}</h3>
          <ExperimentCurves series={v.val} groups={v.groups} metric={v.metric} split="val" logY={logY} testId="val-chart" />
        </div>
        <div className="card">
          <h3>training loss{active ? ' · live' : ''}</h3>
          <ExperimentCurves series={v.loss} groups={v.groups} metric="loss" split="train" logY live={active} testId="loss-chart" />
        </div>
      </div>
      <h2>Runs</h2>
      <ExperimentRuns runs={runs} groupOf={groupOf} groups={v.groups} metric={v.metric} />
    </LiveProvider>
  );
}
