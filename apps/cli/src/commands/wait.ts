/**
 * `rnnlab wait ID… [--timeout S] [--json]`: block until every run is final. Exit 0 when all
 * succeeded, 1 when any failed or was cancelled, or when the timeout passed first.
 */
import { FINAL_STATUSES } from '@rnnlab/contracts';
import { UsageError } from '../args';
import { withFleet } from '../fleet';
import { parseIdsArgs, WAIT_FLAGS } from '../fleet-args';
import { formatTable } from '../printers/format';
import { commandUsage } from '../usage';
import { RUN_HEADER, runJson, runRow } from './run-views';

const POLL_MS = 500;

export async function waitCommand(argv: string[]): Promise<number> {
  const args = parseIdsArgs(argv, WAIT_FLAGS, 'wait', { many: true });
  if (args.help) {
    process.stdout.write(commandUsage('wait'));
    return 0;
  }
  const deadline = args.timeoutS === undefined ? Number.POSITIVE_INFINITY : Date.now() + args.timeoutS * 1000;
  return withFleet(async ({ store }) => {
    for (;;) {
      const runs = await Promise.all(args.ids.map((id) => store.getRun(id)));
      const missing = args.ids.filter((_, i) => !runs[i]);
      if (missing.length) throw new UsageError(`wait: no run ${missing.join(', ')} (see \`rnnlab runs\`)`);
      const all = runs.map((r) => r as NonNullable<typeof r>);
      const done = all.every((r) => FINAL_STATUSES.includes(r.status));
      if (done || Date.now() >= deadline) {
        if (args.json) process.stdout.write(`${JSON.stringify(all.map(runJson))}\n`);
        else process.stdout.write(formatTable(RUN_HEADER, all.map(runRow)));
        if (!done) process.stderr.write(`rnnlab: wait: ${args.timeoutS} s passed with ${all.filter((r) => !FINAL_STATUSES.includes(r.status)).length} run(s) not finished\n`);
        return done && all.every((r) => r.status === 'succeeded') ? 0 : 1;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });
}
