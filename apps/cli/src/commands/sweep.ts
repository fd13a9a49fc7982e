/**
 * `rnnlab sweep [train options…] (--grid AXES | --random AXES [--trials N] [--sweep-seed S])
 * [--asha [--eta 3] [--min-steps R]] [--wait] [--json]`: one experiment whose trials are the
 * combinations (or seeded draws) of the axes, trained by the fleet; with --asha the trials that
 * fall behind at a rung stop as `stopped-early`. Every trial trains on the base config's data (its
 * data seed), also when `seed` is an axis. The same sweep submitted again is the same experiment:
 * its finished trials are not run again. With RNNLAB_URL, the sweep is submitted to that dashboard.
 */
import { dataSeedOf, type RunConfig } from '@rnnlab/contracts';
import { planSweep } from '@rnnlab/planner';
import { submitExperiment } from '@rnnlab/queue';
import { buildRunConfig, runConfigInput } from '../args';
import { withFleet } from '../fleet';
import { readJsonFile } from '../files';
import { finishSubmission, remoteReports, storeReports } from '../experiment-output';
import { printRemoteSubmission, remoteOf, submitRemote } from '../remote';
import { usageErrorOf } from '../plan-issues';
import { parseSweepArgs } from '../sweep-args';
import { commandUsage } from '../usage';

export async function sweepCommand(argv: string[]): Promise<number> {
  const args = parseSweepArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('sweep'));
    return 0;
  }
  const file = args.configPath === undefined ? undefined : await readJsonFile(args.configPath, '--config');
  const label = `--config ${args.configPath}`;
  const base: RunConfig = buildRunConfig(args.configFlags, file, label);
  // every trial validated like a run of its own: its options as flags over the others
  const build = (options: Record<string, string | number | boolean>) => buildRunConfig({ ...args.configFlags, ...options }, file, label);
  const planned = planSweep({ base, mode: args.mode, text: args.text, axes: args.axes, trials: args.trials, seed: args.sweepSeed, asha: args.asha, priority: args.priority }, build);
  if (!planned.ok) throw usageErrorOf(planned.issues.map((i) => (i.path === 'asha.minSteps' ? { ...i, path: '--min-steps' } : i)));
  const { spec, trials, dropped, submission } = planned.plan;
  const remote = remoteOf();
  if (remote) {
    const request = {
      kind: 'sweep',
      base: runConfigInput(args.configFlags, file, label).input,
      search: { mode: args.mode, text: args.text, trials: args.trials, ...(args.sweepSeed === undefined ? {} : { seed: args.sweepSeed }) },
      asha: args.asha ? { eta: args.asha.eta, ...(args.asha.minSteps === undefined ? {} : { minSteps: args.asha.minSteps }) } : null,
      priority: args.priority,
    };
    const submitted = await submitRemote(remote, request);
    printRemoteSubmission(remote, submitted, args);
    return finishSubmission(remoteReports(remote), 'sweep', { experimentId: submitted.experimentId as string, runIds: submitted.runIds }, { ...args, pollMs: 2000 });
  }
  const asha = spec.asha;
  return withFleet(async (f) => {
    const { queue } = await f.redis();
    const { experiment, created, runIds } = await submitExperiment(f.store, queue, submission);
    if (!args.json) {
      process.stdout.write(
        `${created ? 'sweep' : 'the same sweep was submitted before as'} ${experiment.id}: ${trials.length} trials${dropped ? ` (${dropped} duplicate draws dropped)` : ''} on data seed ${dataSeedOf(base)}` +
          `${asha ? `; successive halving: the top 1/${asha.eta} go on at steps ${asha.rungs.join(', ')}` : ''}\n`,
      );
      trials.forEach((t, i) => process.stdout.write(`  ${runIds[i]}  ${Object.entries(t.options).map(([k, v]) => `${k}=${String(v)}`).join(' ')}\n`));
      if (!args.wait) process.stdout.write(`follow it with: rnnlab runs --experiment ${experiment.id}; its report: rnnlab report ${experiment.id}\n`);
    }
    return finishSubmission(storeReports(f.store), 'sweep', { experimentId: experiment.id, runIds }, args);
  });
}
