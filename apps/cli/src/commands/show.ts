/** `rnnlab show ID [--json]`: one run, its final metrics and its timeline (from the store, or from RNNLAB_URL's dashboard). */
import type { Evaluation, RunEvent, RunRow } from '@rnnlab/store';
import { UsageError } from '../args';
import { withFleet } from '../fleet';
import { parseIdsArgs, SHOW_FLAGS } from '../fleet-args';
import { fmtNum, formatTable } from '../printers/format';
import { evaluationJson } from './evaluate';
import { apiGet, remoteOf } from '../remote';
import { commandUsage } from '../usage';
import { RUN_HEADER, runJson, runRow } from './run-views';

export async function showCommand(argv: string[]): Promise<number> {
  const args = parseIdsArgs(argv, SHOW_FLAGS, 'show', { many: false });
  if (args.help) {
    process.stdout.write(commandUsage('show'));
    return 0;
  }
  const remote = remoteOf();
  if (remote) {
    // the dashboard's API gives the run and its timeline (evaluations are on its page)
    const { run, events } = await apiGet<{ run: RunRow; events: RunEvent[] }>(remote, `/api/v1/runs/${args.ids[0]}`);
    printRun(run, events, [], args.json);
    return 0;
  }
  return withFleet(async ({ store }) => {
    const run = await store.getRun(args.ids[0]);
    if (!run) throw new UsageError(`show: no run ${args.ids[0]} (see \`rnnlab runs\`)`);
    printRun(run, await store.listEvents(run.id), await store.listEvaluations(run.id), args.json);
    return 0;
  });
}

function printRun(run: RunRow, events: RunEvent[], evaluations: Evaluation[], json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...runJson(run), config: run.config, events, evaluations: evaluations.map(evaluationJson) })}\n`);
    return;
  }
  const lines = [formatTable(RUN_HEADER, [runRow(run)]).trimEnd()];
  if (run.failureReason) lines.push(`failure: ${run.failureReason}`);
  if (run.preparedDatasetId) lines.push(`dataset: prepared ${run.preparedDatasetId.slice(0, 12)}`);
  if (evaluations.length) {
    lines.push('', 'evaluations:');
    for (const e of evaluations) {
      const on = e.task ? 'another dataset' : 'its data';
      const result = e.status === 'succeeded' ? Object.entries(e.metrics ?? {}).map(([k, v]) => `${k} ${fmtNum(v)}`).join(', ') : (e.failureReason ?? '');
      lines.push(`  ${e.id}  ${e.split} of ${on}  ${e.status}${e.checkpointStep === null ? '' : `  step ${e.checkpointStep}`}  ${result}`);
    }
  }
  lines.push('', 'timeline:');
  for (const e of events) {
    const where = [e.step === null ? '' : `step ${e.step}`, e.host ?? '', e.message ?? ''].filter(Boolean).join('  ');
    lines.push(`  ${new Date(e.at).toISOString()}  #${e.attempt} ${e.kind}${where ? `  ${where}` : ''}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
