/** `rnnlab report ID [--json|--markdown]`: an experiment's report (statistics over seeds, tests, verdict). */
import type { ExperimentReport } from '@rnnlab/contracts';
import { UsageError } from '../args';
import { withFleet } from '../fleet';
import { parseReportArgs } from '../fleet-args';
import { formatReport, formatReportMarkdown } from '../printers/experiment-report';
import { commandUsage } from '../usage';

export async function reportCommand(argv: string[]): Promise<number> {
  const args = parseReportArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('report'));
    return 0;
  }
  return withFleet(async ({ store }) => {
    const experiment = await store.getExperiment(args.id);
    if (!experiment) throw new UsageError(`report: no experiment ${args.id}`);
    const stored = await store.getExperimentReport(args.id);
    if (!stored) {
      const runs = await store.listRuns({ experimentId: args.id, limit: 1000 });
      const done = runs.filter((r) => r.status !== 'queued' && r.status !== 'running').length;
      process.stderr.write(`rnnlab: report: ${args.id} has no report yet (${done} of ${runs.length} runs finished)\n`);
      return 1;
    }
    const report = stored.report as unknown as ExperimentReport;
    if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(args.markdown ? formatReportMarkdown(report) : formatReport(report));
    return 0;
  });
}
