/** `rnnlab cancel ID`: cancel a queued run at once, or ask the worker running it to stop (its checkpoint is kept). */
import { cancelRun } from '@rnnlab/queue';
import { UsageError } from '../args';
import { withFleet } from '../fleet';
import { CANCEL_FLAGS, parseIdsArgs } from '../fleet-args';
import { commandUsage } from '../usage';
import { runJson } from './run-views';

export async function cancelCommand(argv: string[]): Promise<number> {
  const args = parseIdsArgs(argv, CANCEL_FLAGS, 'cancel', { many: false });
  if (args.help) {
    process.stdout.write(commandUsage('cancel'));
    return 0;
  }
  return withFleet(async (f) => {
    const before = await f.store.getRun(args.ids[0]);
    if (!before) throw new UsageError(`cancel: no run ${args.ids[0]} (see \`rnnlab runs\`)`);
    const { redis, queue } = await f.redis();
    const run = (await cancelRun(f.store, queue, redis, before.id)) ?? before;
    if (args.json) process.stdout.write(`${JSON.stringify(runJson(run))}\n`);
    else if (run.status === 'cancelled') process.stdout.write(`${run.id} cancelled\n`);
    else if (run.status === 'running') process.stdout.write(`${run.id}: asked its worker to stop; it ends cancelled after the current step\n`);
    else process.stdout.write(`${run.id} is already ${run.status}\n`);
    return 0;
  });
}
