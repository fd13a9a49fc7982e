/** `rnnlab report ID [--json|--markdown]`: an experiment's report (a comparison's statistics over seeds, tests and verdict; a battery's memory horizons). */
import { UsageError } from '../args';
import { withFleet } from '../fleet';
import { parseReportArgs } from '../fleet-args';
import { formatAnyReport } from '../printers/any-report';
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
    if (args.json) process.stdout.write(`${JSON.stringify(stored.report)}\n`);
    else process.stdout.write(formatAnyReport(stored.report, args.markdown));
    return 0;
  });
}
