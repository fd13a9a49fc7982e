/** `rnnlab report ID [--json|--markdown]`: an experiment's report (a comparison's statistics over seeds, tests and verdict; a battery's memory horizons; a sweep's ranked trials), from the store or from RNNLAB_URL's dashboard. */
import { UsageError } from '../args';
import { withFleet } from '../fleet';
import { parseReportArgs } from '../fleet-args';
import { formatAnyReport } from '../printers/any-report';
import { apiGet, remoteOf } from '../remote';
import { commandUsage } from '../usage';

export async function reportCommand(argv: string[]): Promise<number> {
  const args = parseReportArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('report'));
    return 0;
  }
  const remote = remoteOf();
  const { report, runs } = remote
    ? await apiGet<{ report: Record<string, unknown> | null; runs: { status: string }[] }>(remote, `/api/v1/experiments/${args.id}`)
    : await withFleet(async ({ store }) => {
        if (!(await store.getExperiment(args.id))) throw new UsageError(`report: no experiment ${args.id}`);
        const stored = await store.getExperimentReport(args.id);
        return { report: (stored?.report as Record<string, unknown> | undefined) ?? null, runs: stored ? [] : await store.listRuns({ experimentId: args.id, limit: 1000 }) };
      });
  if (!report) {
    const done = runs.filter((r) => r.status !== 'queued' && r.status !== 'running').length;
    process.stderr.write(`rnnlab: report: ${args.id} has no report yet (${done} of ${runs.length} runs finished)\n`);
    return 1;
  }
  if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(formatAnyReport(report, args.markdown));
  return 0;
}
