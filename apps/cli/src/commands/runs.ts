/** `rnnlab runs [--status S] [--experiment ID] [--limit N] [--json]`: the runs in the store, newest first. */
import { withFleet } from '../fleet';
import { parseRunsArgs } from '../fleet-args';
import { formatTable } from '../printers/format';
import { commandUsage } from '../usage';
import { RUN_HEADER, runJson, runRow } from './run-views';

export async function runsCommand(argv: string[]): Promise<number> {
  const args = parseRunsArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('runs'));
    return 0;
  }
  return withFleet(async ({ store }) => {
    const runs = await store.listRuns({ status: args.status, experimentId: args.experiment, limit: args.limit, offset: 0 });
    if (args.json) process.stdout.write(`${JSON.stringify(runs.map(runJson))}\n`);
    else process.stdout.write(runs.length ? formatTable(RUN_HEADER, runs.map(runRow)) : 'no runs (queue one with: rnnlab submit --task adding ...)\n');
    return 0;
  });
}
