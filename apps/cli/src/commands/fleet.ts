/** `rnnlab fleet [--json]`: the workers (host, cores, current runs, last heartbeat) and the queue's counts per state. */
import { withFleet } from '../fleet';
import { parseFleetArgs } from '../fleet-args';
import { formatTable } from '../printers/format';
import { commandUsage } from '../usage';

export async function fleetCommand(argv: string[]): Promise<number> {
  const args = parseFleetArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('fleet'));
    return 0;
  }
  return withFleet(async (f) => {
    const workers = await f.store.listWorkers();
    const { queue } = await f.redis();
    const counts = await queue.counts();
    const queues = await queue.countsByQueue();
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ workers, queue: counts, queues })}\n`);
      return 0;
    }
    const now = Date.now();
    const rows = workers.map((w) => [w.id, w.host, String(w.cores), String(w.concurrency), (w.currentRuns ?? []).join(',') || '-', `${Math.round((now - w.heartbeatAt) / 1000)} s ago`]);
    process.stdout.write(formatTable(['worker', 'host', 'cores', 'jobs', 'running', 'heartbeat'], rows));
    for (const [name, c] of Object.entries(queues)) {
      const nonzero = Object.entries(c).filter(([, v]) => v > 0);
      process.stdout.write(`${name} jobs: ${nonzero.length ? nonzero.map(([k, v]) => `${k} ${v}`).join(', ') : 'none'}\n`);
    }
    return 0;
  });
}
