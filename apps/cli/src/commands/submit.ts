/**
 * `rnnlab submit [train options…] [--priority P] [--json]`: queue one run for the fleet. The config
 * is validated exactly as `rnnlab train` validates it, and a run that cannot fit in memory is refused
 * here, before anything is written. Submitting the same config again gives the same run. With
 * RNNLAB_URL, the run is submitted to that dashboard (its workers plan it again, as its form does).
 */
import type { RunConfig } from '@rnnlab/contracts';
import { planSingleRun } from '@rnnlab/planner';
import { submitRun } from '@rnnlab/queue';
import type { RunRow } from '@rnnlab/store';
import { buildRunConfig, configPathsOf, parseSize, runConfigInput, UsageError } from '../args';
import { withFleet } from '../fleet';
import { parseSubmitArgs } from '../fleet-args';
import { readJsonFile } from '../files';
import { usageErrorOf } from '../plan-issues';
import { apiGet, remoteOf, submitRemote, type Remote } from '../remote';
import { commandUsage } from '../usage';

export async function submitCommand(argv: string[]): Promise<number> {
  const args = parseSubmitArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('submit'));
    return 0;
  }
  const file = args.configPath === undefined ? undefined : await readJsonFile(args.configPath, '--config');
  const config: RunConfig = buildRunConfig(args.configFlags, file, `--config ${args.configPath}`);
  const remote = remoteOf();
  if (remote) {
    if (args.maxMemory !== undefined) throw new UsageError("--max-memory: not with RNNLAB_URL: the dashboard's workers plan with their own memory limit");
    return submitToRemote(remote, runConfigInput(args.configFlags, file, `--config ${args.configPath}`).input, config, args);
  }
  // the flag's syntax first, like every other flag's; then the config's checks
  const memoryLimit = args.maxMemory === undefined ? undefined : { bytes: parseSize(args.maxMemory, '--max-memory'), source: 'set by --max-memory' };
  const planned = planSingleRun(config, { priority: args.priority, engine: args.engine, given: configPathsOf(args.configFlags), memoryLimit });
  if (!planned.ok) throw usageErrorOf(planned.issues);
  return withFleet(async (f) => {
    const upload = config.task.upload;
    if (upload !== undefined && !(await f.store.getUploadInfo(upload))) throw new UsageError(`--upload: no upload ${upload} in the store at ${f.store.location}: upload the file on the dashboard's /datasets page first`);
    const { queue } = await f.redis();
    const { run, created } = await submitRun(f.store, queue, planned.plan.config, planned.plan.options);
    if (args.json) process.stdout.write(`${JSON.stringify({ id: run.id, status: run.status, created })}\n`);
    else process.stdout.write(created ? `${run.id} queued (${config.model.cell} on ${config.task.name}); follow it with: rnnlab wait ${run.id}\n` : `${run.id} was submitted before (${run.status}): the same config is the same run\n`);
    return 0;
  });
}

/** POST the run's fields as given (the dashboard's planner reads them as the ones set) */
async function submitToRemote(remote: Remote, input: Record<string, unknown>, config: RunConfig, args: { priority?: number; engine: string; json: boolean }): Promise<number> {
  const answer = await submitRemote(remote, { kind: 'run', config: input, engine: args.engine, ...(args.priority === undefined ? {} : { priority: args.priority }) });
  const id = answer.runIds[0];
  const { run } = await apiGet<{ run: RunRow }>(remote, `/api/v1/runs/${id}`);
  if (args.json) process.stdout.write(`${JSON.stringify({ id, status: run.status, created: answer.created })}\n`);
  else process.stdout.write(answer.created ? `${id} queued on ${remote.url} (${config.model.cell} on ${config.task.name}): ${remote.url}/runs/${id}\n` : `${id} was submitted before (${run.status}): the same config is the same run\n`);
  return 0;
}
