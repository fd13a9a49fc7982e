/** `rnnlab retry ID`: put a failed or cancelled run back in the queue; it resumes from its newest checkpoint. */
import { retryRun } from '@rnnlab/queue';
import { UsageError } from '../args';
import { withFleet } from '../fleet';
import { CANCEL_FLAGS, parseIdsArgs } from '../fleet-args';
import { commandUsage } from '../usage';
import { runJson } from './run-views';

export async function retryCommand(argv: string[]): Promise<number> {
  const args = parseIdsArgs(argv, CANCEL_FLAGS, 'retry', { many: false });
  if (args.help) {
    process.stdout.write(commandUsage('retry'));
    return 0;
  }
  return withFleet(async (f) => {
    const before = await f.store.getRun(args.ids[0]);
    if (!before) throw new UsageError(`retry: no run ${args.ids[0]} (see \`rnnlab runs\`)`);
    const { queue } = await f.redis();
    const run = await retryRun(f.store, queue, before.id);
    if (!run) throw new UsageError(`retry: ${before.id} is ${before.status}; only a failed or cancelled run can be retried`);
    if (args.json) process.stdout.write(`${JSON.stringify(runJson(run))}\n`);
    else process.stdout.write(`${run.id} queued again; it resumes from its newest checkpoint\n`);
    return 0;
  });
}
