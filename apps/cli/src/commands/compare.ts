/**
 * `rnnlab compare --task adding --seq-len 50 --cells rnn,lstm,gru --seeds 3 [train options…]
 * [--match params|hidden] [--wait] [--json]`: one experiment, one run per cell × seed on the same
 * data (one data seed), as a BullMQ flow (prepare -> train per run, then the report job). The same
 * comparison submitted twice is one experiment. With `--battery adding|copy --lags 25,50,100` the
 * comparison runs at every lag and the report gives each cell's memory horizon.
 */
import { BatterySpecSchema, CompareSpecSchema, inapplicableFields, LAG_LABELS, lagFieldOf, type RunConfig } from '@rnnlab/contracts';
import { prepareDataset } from '@rnnlab/datasets';
import { groupOf, planBattery, planCompare } from '@rnnlab/experiments';
import { expectedParamCount, ModelSpecSchema } from '@rnnlab/models';
import { submitExperiment } from '@rnnlab/queue';
import { checkMemory, estimateBeforeData, modelSpecFor, WASM_HEAP_BYTES } from '@rnnlab/trainer';
import { dataSeedOf } from '@rnnlab/contracts';
import { buildRunConfig, configPathsOf, flagForPath, UsageError } from '../args';
import { withFleet } from '../fleet';
import { parseCompareArgs } from '../fleet-args';
import { readJsonFile } from '../files';
import { finishSubmission } from '../experiment-output';
import { commandUsage } from '../usage';

export async function compareCommand(argv: string[]): Promise<number> {
  const args = parseCompareArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('compare'));
    return 0;
  }
  const file = args.configPath === undefined ? undefined : await readJsonFile(args.configPath, '--config');
  const base: RunConfig = buildRunConfig(args.configFlags, file, `--config ${args.configPath}`);
  const issues = inapplicableFields(base, [...configPathsOf(args.configFlags), ...(args.vary ? [args.vary.path] : [])]);
  if (issues.length) throw new UsageError(issues.map((i) => `${flagForPath(i.path) ?? i.path}: ${i.reason}`).join('\n'));
  const common = { base, cells: args.cells, seeds: args.seeds, match: args.match, priority: args.priority, ...(args.vary ? { vary: args.vary } : {}) };
  const spec = args.battery ? BatterySpecSchema.parse({ ...common, kind: 'battery', lags: args.battery.lags }) : CompareSpecSchema.parse({ ...common, kind: 'compare' });
  // the parameter counts need the dataset's sizes (vocabulary, features): prepare it here once
  const ds = await prepareDataset(base.task, dataSeedOf(base));
  const paramsOf = (c: RunConfig) => expectedParamCount(ModelSpecSchema.parse(modelSpecFor(c, ds)));
  const plan = spec.kind === 'battery' ? planBattery(spec, paramsOf) : planCompare(spec, paramsOf);
  if (args.match === 'params' && plan.paramsGap > 0.02) {
    throw new UsageError(`--match params: the closest hidden sizes give parameter counts ${(plan.paramsGap * 100).toFixed(1)}% apart (over 2%): raise --hidden`);
  }
  for (const r of plan.runs) checkMemory(r.config, estimateBeforeData(r.config, 'native'), WASM_HEAP_BYTES, 'what one worker process can hold');
  const name =
    spec.kind === 'battery'
      ? `${base.task.name} battery: ${args.cells.join(' vs ')} at ${LAG_LABELS[lagFieldOf(base.task.name)]} ${spec.lags.join(', ')} x ${args.seeds} seeds`
      : `${base.task.name}: ${plan.cells.map((c) => groupOf(c)).join(' vs ')} x ${args.seeds} seeds`;
  return withFleet(async (f) => {
    const { queue } = await f.redis();
    const { experiment, created, runIds } = await submitExperiment(f.store, queue, {
      name,
      kind: spec.kind,
      spec: spec as unknown as Record<string, unknown>,
      plan: spec.kind === 'battery' ? { cells: plan.cells, lags: spec.lags } : { cells: plan.cells },
      runs: plan.runs.map((r) => r.config),
      priority: args.priority,
    });
    if (!args.json) {
      process.stdout.write(`${created ? 'experiment' : 'the same comparison was submitted before as'} ${experiment.id}: ${name}, ${runIds.length} runs on ${spec.kind === 'battery' ? `a dataset per lag` : 'one dataset'} (data seed ${dataSeedOf(base)})\n`);
      const width = Math.max(4, ...plan.cells.map((c) => groupOf(c).length));
      for (const c of plan.cells) process.stdout.write(`  ${groupOf(c).padEnd(width)} hidden ${String(c.hidden).padStart(5)}  ${c.params} parameters\n`);
      if (!args.wait) process.stdout.write(`follow it with: rnnlab runs --experiment ${experiment.id}; its report: rnnlab report ${experiment.id}\n`);
    }
    return finishSubmission(f.store, 'compare', { experimentId: experiment.id, runIds }, args);
  });
}
