/**
 * `rnnlab sweep [train options…] (--grid AXES | --random AXES [--trials N] [--sweep-seed S])
 * [--asha [--eta 3] [--min-steps R]] [--wait] [--json]`: one experiment whose trials are the
 * combinations (or seeded draws) of the axes, trained by the fleet; with --asha the trials that
 * fall behind at a rung stop as `stopped-early`. Every trial trains on the base config's data (its
 * data seed), also when `seed` is an axis. The same sweep submitted again is the same experiment:
 * its finished trials are not run again.
 */
import { dataSeedOf, SweepSpecSchema, type RunConfig } from '@rnnlab/contracts';
import { ashaRungs } from '@rnnlab/experiments';
import { submitExperiment } from '@rnnlab/queue';
import { buildRunConfig, RUN_CONFIG_FLAGS, UsageError } from '../args';
import { withFleet } from '../fleet';
import { readJsonFile } from '../files';
import { finishSubmission } from '../experiment-output';
import { gridTrials, randomTrials } from '../sweep-axes';
import { parseSweepArgs } from '../sweep-args';
import { commandUsage } from '../usage';

export async function sweepCommand(argv: string[]): Promise<number> {
  const args = parseSweepArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('sweep'));
    return 0;
  }
  const file = args.configPath === undefined ? undefined : await readJsonFile(args.configPath, '--config');
  const base: RunConfig = buildRunConfig(args.configFlags, file, `--config ${args.configPath}`);
  const seed = args.sweepSeed ?? base.seed;
  const assignments = args.mode === 'grid' ? gridTrials(args.axes) : randomTrials(args.axes, args.trials, seed);
  // every trial validated like a run of its own; identical draws are one trial
  const byKey = new Map<string, { options: Record<string, unknown>; config: RunConfig }>();
  for (const drawn of assignments) {
    // draws keep 4 significant digits: lr=0.002562, not 0.0025615686458771957
    const options = Object.fromEntries(Object.entries(drawn).map(([k, x]) => [k, typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(4)) : x]));
    const built = buildRunConfig({ ...args.configFlags, ...options }, file, `--config ${args.configPath}`);
    // every trial on the base's data (as a comparison's seeds are), unless the data seed is an axis
    const config = 'data-seed' in options ? built : { ...built, dataSeed: dataSeedOf(base) };
    const key = JSON.stringify(config);
    if (!byKey.has(key)) byKey.set(key, { options, config });
  }
  const trials = [...byKey.values()];
  let asha = null;
  if (args.asha) {
    const minSteps = args.asha.minSteps ?? Math.max(1, Math.round(base.train.steps / args.asha.eta ** 2));
    const rungs = ashaRungs(minSteps, args.asha.eta, Math.min(...trials.map((t) => t.config.train.steps)));
    if (rungs.length === 0) throw new UsageError(`--min-steps ${minSteps}: no rung below the trials' ${base.train.steps} steps; lower it or raise --steps`);
    asha = { eta: args.asha.eta, rungs };
  }
  const axes = args.axes.map((a) => ({ flag: a.flag, path: RUN_CONFIG_FLAGS.find((f) => f.name === a.flag)?.path ?? a.flag }));
  const spec = SweepSpecSchema.parse({
    kind: 'sweep',
    base,
    search: { mode: args.mode, text: args.text, trials: args.mode === 'grid' ? trials.length : args.trials, seed },
    axes,
    asha,
    priority: args.priority,
  });
  const name = `${base.task.name} sweep: ${args.mode} ${args.text}${asha ? `, ASHA eta ${asha.eta}` : ''}`;
  return withFleet(async (f) => {
    const { queue } = await f.redis();
    const { experiment, created, runIds } = await submitExperiment(f.store, queue, {
      name,
      kind: 'sweep',
      spec: spec as unknown as Record<string, unknown>,
      plan: { trials: trials.length },
      runs: trials.map((t) => t.config),
      priority: args.priority,
    });
    if (!args.json) {
      const dropped = assignments.length - trials.length;
      process.stdout.write(
        `${created ? 'sweep' : 'the same sweep was submitted before as'} ${experiment.id}: ${trials.length} trials${dropped ? ` (${dropped} duplicate draws dropped)` : ''} on data seed ${dataSeedOf(base)}` +
          `${asha ? `; successive halving: the top 1/${asha.eta} go on at steps ${asha.rungs.join(', ')}` : ''}\n`,
      );
      trials.forEach((t, i) => process.stdout.write(`  ${runIds[i]}  ${Object.entries(t.options).map(([k, v]) => `${k}=${String(v)}`).join(' ')}\n`));
      if (!args.wait) process.stdout.write(`follow it with: rnnlab runs --experiment ${experiment.id}; its report: rnnlab report ${experiment.id}\n`);
    }
    return finishSubmission(f.store, 'sweep', { experimentId: experiment.id, runIds }, args);
  });
}
