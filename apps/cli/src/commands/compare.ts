/**
 * `rnnlab compare --task adding --seq-len 50 --cells rnn,lstm,gru --seeds 3 [train options…]
 * [--match params|hidden] [--wait] [--json]`: one experiment, one run per cell × seed on the same
 * data (one data seed), as a BullMQ flow (prepare -> train per run, then the report job). The same
 * comparison submitted twice is one experiment. With `--battery adding|copy --lags 25,50,100` the
 * comparison runs at every lag and the report gives each cell's memory horizon. With RNNLAB_URL,
 * the comparison is submitted to that dashboard, planned and trained by its fleet.
 */
import { BatterySpecSchema, CompareSpecSchema, type RunConfig } from '@rnnlab/contracts';
import { groupOf } from '@rnnlab/experiments';
import { planExperiment, storeUploads } from '@rnnlab/planner';
import { submitExperiment } from '@rnnlab/queue';
import { buildRunConfig, configPathsOf, runConfigInput } from '../args';
import { withFleet } from '../fleet';
import { parseCompareArgs } from '../fleet-args';
import { readJsonFile } from '../files';
import { finishSubmission, remoteReports, storeReports } from '../experiment-output';
import { printRemoteSubmission, remoteOf, submitRemote } from '../remote';
import { usageErrorOf } from '../plan-issues';
import { commandUsage } from '../usage';

export async function compareCommand(argv: string[]): Promise<number> {
  const args = parseCompareArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('compare'));
    return 0;
  }
  const file = args.configPath === undefined ? undefined : await readJsonFile(args.configPath, '--config');
  const base: RunConfig = buildRunConfig(args.configFlags, file, `--config ${args.configPath}`);
  const given = [...configPathsOf(args.configFlags), ...(args.vary ? [args.vary.path] : [])];
  const common = { base, cells: args.cells, seeds: args.seeds, match: args.match, priority: args.priority, ...(args.vary ? { vary: args.vary } : {}) };
  const spec = args.battery ? BatterySpecSchema.parse({ ...common, kind: 'battery', lags: args.battery.lags }) : CompareSpecSchema.parse({ ...common, kind: 'compare' });
  const remote = remoteOf();
  if (remote) {
    const base = runConfigInput(args.configFlags, file, `--config ${args.configPath}`).input;
    const submitted = await submitRemote(remote, { ...spec, base });
    printRemoteSubmission(remote, submitted, args);
    return finishSubmission(remoteReports(remote), 'compare', { experimentId: submitted.experimentId as string, runIds: submitted.runIds }, { ...args, pollMs: 2000 });
  }
  // a comparison on an upload prepares the upload's dataset while planning: its text is in the store
  const planned = base.task.upload === undefined ? await planExperiment(spec, { given }) : await withFleet((f) => planExperiment(spec, { given, uploads: storeUploads(f.store) }));
  if (!planned.ok) throw usageErrorOf(planned.issues);
  const { name, cells, dataSeed, submission } = planned.plan;
  return withFleet(async (f) => {
    const { queue } = await f.redis();
    const { experiment, created, runIds } = await submitExperiment(f.store, queue, submission);
    if (!args.json) {
      process.stdout.write(`${created ? 'experiment' : 'the same comparison was submitted before as'} ${experiment.id}: ${name}, ${runIds.length} runs on ${spec.kind === 'battery' ? `a dataset per lag` : 'one dataset'} (data seed ${dataSeed})\n`);
      const width = Math.max(4, ...cells.map((c) => groupOf(c).length));
      for (const c of cells) process.stdout.write(`  ${groupOf(c).padEnd(width)} hidden ${String(c.hidden).padStart(5)}  ${c.params} parameters\n`);
      if (!args.wait) process.stdout.write(`follow it with: rnnlab runs --experiment ${experiment.id}; its report: rnnlab report ${experiment.id}\n`);
    }
    return finishSubmission(storeReports(f.store), 'compare', { experimentId: experiment.id, runIds }, args);
  });
}
