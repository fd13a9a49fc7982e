/**
 * `rnnlab cancel ID`: cancel a queued run at once, or ask the worker running it to stop (its
 * checkpoint is kept). An experiment id cancels every run of it that is not final. With RNNLAB_URL,
 * on that dashboard.
 */
import { EXPERIMENT_ID_PATTERN } from '@rnnlab/contracts';
import { cancelExperiment, cancelRun } from '@rnnlab/queue';
import { UsageError } from '../args';
import { withFleet } from '../fleet';
import { CANCEL_FLAGS, parseIdsArgs } from '../fleet-args';
import { apiPost, remoteOf, type Remote } from '../remote';
import { commandUsage } from '../usage';
import { runJson } from './run-views';

export async function cancelCommand(argv: string[]): Promise<number> {
  const args = parseIdsArgs(argv, CANCEL_FLAGS, 'cancel', { many: false, experiments: true });
  if (args.help) {
    process.stdout.write(commandUsage('cancel'));
    return 0;
  }
  const remote = remoteOf();
  if (remote) return cancelRemote(remote, args.ids[0], args.json);
  if (EXPERIMENT_ID_PATTERN.test(args.ids[0])) return cancelWholeExperiment(args.ids[0], args.json);
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

function cancelWholeExperiment(id: string, json: boolean): Promise<number> {
  return withFleet(async (f) => {
    if (!(await f.store.getExperiment(id))) throw new UsageError(`cancel: no experiment ${id} (see \`rnnlab runs\`)`);
    const { redis, queue } = await f.redis();
    const r = await cancelExperiment(f.store, queue, redis, id);
    if (json) {
      process.stdout.write(`${JSON.stringify({ experimentId: id, cancelled: r.cancelled.map((x) => x.id), stopping: r.stopping.map((x) => x.id), final: r.final.map((x) => x.id) })}\n`);
    } else {
      process.stdout.write(
        `${id}: ${r.cancelled.length} queued run(s) cancelled, ${r.stopping.length} running run(s) asked to stop (they end cancelled after their current step), ${r.final.length} already final; its report covers what finished\n`,
      );
    }
    return 0;
  });
}

async function cancelRemote(remote: Remote, id: string, json: boolean): Promise<number> {
  if (EXPERIMENT_ID_PATTERN.test(id)) {
    const r = await apiPost<{ id: string; cancelled: { id: string }[]; stopping: { id: string }[] }>(remote, `/api/v1/experiments/${id}/cancel`);
    if (json) process.stdout.write(`${JSON.stringify({ experimentId: id, cancelled: r.cancelled.map((x) => x.id), stopping: r.stopping.map((x) => x.id) })}\n`);
    else process.stdout.write(`${id}: ${r.cancelled.length} queued run(s) cancelled, ${r.stopping.length} running run(s) asked to stop (they end cancelled after their current step)\n`);
    return 0;
  }
  const r = await apiPost<{ id: string; status: string }>(remote, `/api/v1/runs/${id}/cancel`);
  if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
  else process.stdout.write(r.status === 'cancelled' ? `${id} cancelled\n` : `${id}: asked its worker to stop; it ends cancelled after the current step\n`);
  return 0;
}
