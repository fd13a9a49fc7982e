/** `rnnlab runs [--status S] [--experiment ID] [--limit N] [--json]`: the runs in the store (or on RNNLAB_URL's dashboard), newest first. */
import type { RunRow } from '@rnnlab/store';
import { withFleet } from '../fleet';
import { parseRunsArgs, type RunsArgs } from '../fleet-args';
import { formatTable } from '../printers/format';
import { apiGet, remoteOf, type Remote } from '../remote';
import { commandUsage } from '../usage';
import { RUN_HEADER, runJson, runRow } from './run-views';

export async function runsCommand(argv: string[]): Promise<number> {
  const args = parseRunsArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('runs'));
    return 0;
  }
  const remote = remoteOf();
  const runs = remote ? await remoteRuns(remote, args) : await withFleet(({ store }) => store.listRuns({ status: args.status, experimentId: args.experiment, limit: args.limit, offset: 0 }));
  if (args.json) process.stdout.write(`${JSON.stringify(runs.map(runJson))}\n`);
  else process.stdout.write(runs.length ? formatTable(RUN_HEADER, runs.map(runRow)) : 'no runs (queue one with: rnnlab submit --task adding ...)\n');
  return 0;
}

/** GET /api/v1/runs page by page (newest first) until `limit` runs or the last page */
async function remoteRuns(remote: Remote, args: RunsArgs): Promise<RunRow[]> {
  const out: RunRow[] = [];
  for (let page = 1; out.length < args.limit; page++) {
    const q = new URLSearchParams({ sort: 'created', dir: 'desc', page: String(page) });
    if (args.status) q.set('status', args.status);
    if (args.experiment) q.set('experiment', args.experiment);
    const answer = await apiGet<{ runs: RunRow[]; pages: number }>(remote, `/api/v1/runs?${q}`);
    out.push(...answer.runs);
    if (page >= answer.pages || answer.runs.length === 0) break;
  }
  return out.slice(0, args.limit);
}
