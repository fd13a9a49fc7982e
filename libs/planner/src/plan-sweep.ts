/**
 * Planning a sweep (`rnnlab sweep`, or a plan job from the dashboard's form): the trials of the
 * search (every combination of a grid, or seeded random draws), each one's config validated like a
 * run of its own, identical trials kept once, every trial on the base's data, the ASHA rungs, and a
 * memory check per trial, all before anything is written. The same sweep planned twice gives the same
 * spec, so it is one experiment whether it came from the command line or from the form.
 */
import { dataSeedOf, OptionError, RUN_CONFIG_FLAGS, SweepSpecSchema, type FlagValue, type RunConfig, type SweepSpec } from '@rnnlab/contracts';
import { ashaRungs } from '@rnnlab/experiments';
import type { ExperimentSubmission } from '@rnnlab/queue';
import { checkMemory, estimateBeforeData } from '@rnnlab/trainer';
import { inapplicableIssues, isPlainObject } from './given-fields';
import { WORKER_MEMORY_LIMIT } from './plan-experiment';
import { memoryIssueOf, type PlanOutcome } from './plan-issue';
import { gridTrials, randomTrials, type SweepAxis } from './sweep-axes';

export interface SweepPlanInput {
  /** every trial's config before its options are applied */
  base: RunConfig;
  mode: 'grid' | 'random';
  /** the axes as given, e.g. `lr=1e-3,3e-3 hidden=64,128` */
  text: string;
  /** the axes parsed (parseGrid / parseRandom) */
  axes: SweepAxis[];
  /** random: how many draws */
  trials: number;
  /** random: the seed of the draws (default: the base's seed) */
  seed?: number;
  /** successive halving: the reduction factor and the first rung (default steps / eta^2) */
  asha: { eta: number; minSteps?: number } | null;
  priority: number;
}

export interface SweepTrialPlan {
  /** flag -> value of the options varied, as the trial's run shows them */
  options: Record<string, FlagValue>;
  config: RunConfig;
}

export interface PlannedSweep {
  kind: 'sweep';
  spec: SweepSpec;
  /** e.g. `adding sweep: grid lr=1e-3,3e-3, ASHA eta 3` */
  name: string;
  dataSeed: number;
  trials: SweepTrialPlan[];
  /** draws that gave a trial already drawn */
  dropped: number;
  /** what submitExperiment() takes */
  submission: ExperimentSubmission;
}

export interface PlanSweepOptions {
  /** the base's fields the user set (dotted paths): one the runs would not use is refused */
  given?: Iterable<string>;
}

/**
 * The config of one trial from its options (flag -> value): the CLI merges them over its flags and
 * config file, a request over its base. Throws OptionError or ConfigError for a trial that does not parse.
 */
export type BuildTrial = (options: Record<string, FlagValue>) => RunConfig;

/**
 * Plan a sweep. A trial whose config does not parse throws (from `build`); the other refusals come
 * back as issues: `asha.minSteps` with no rung below the steps, a trial too big for a worker.
 *
 * @example
 * const axes = parseGrid('lr=1e-3,3e-3');
 * const r = planSweep({ base, mode: 'grid', text: 'lr=1e-3,3e-3', axes, trials: 16, asha: null, priority: 50 }, (o) => withOptions(baseInput, o));
 * if (r.ok) await submitExperiment(store, queue, r.plan.submission);
 */
export function planSweep(input: SweepPlanInput, build: BuildTrial, opts: PlanSweepOptions = {}): PlanOutcome<PlannedSweep> {
  const { base, mode, text } = input;
  const inapplicable = inapplicableIssues(base, opts.given ?? []);
  if (inapplicable.length) return { ok: false, issues: inapplicable };
  const seed = input.seed ?? base.seed;
  const assignments = mode === 'grid' ? gridTrials(input.axes) : randomTrials(input.axes, input.trials, seed);
  const byKey = new Map<string, SweepTrialPlan>();
  for (const drawn of assignments) {
    // draws keep 4 significant digits: lr=0.002562, not 0.0025615686458771957
    const options = Object.fromEntries(Object.entries(drawn).map(([k, x]) => [k, typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(4)) : x]));
    const built = build(options);
    // every trial on the base's data (as a comparison's seeds are), unless the data seed is an axis
    const config = 'data-seed' in options ? built : { ...built, dataSeed: dataSeedOf(base) };
    const key = JSON.stringify(config);
    if (!byKey.has(key)) byKey.set(key, { options, config });
  }
  const trials = [...byKey.values()];
  let asha: SweepSpec['asha'] = null;
  if (input.asha) {
    const minSteps = input.asha.minSteps ?? Math.max(1, Math.round(base.train.steps / input.asha.eta ** 2));
    const rungs = ashaRungs(minSteps, input.asha.eta, Math.min(...trials.map((t) => t.config.train.steps)));
    if (rungs.length === 0) {
      return { ok: false, issues: [{ code: 'invalid', path: 'asha.minSteps', message: `no rung at ${minSteps} steps or more below the trials' ${base.train.steps} steps; lower the first rung or raise the steps` }] };
    }
    asha = { eta: input.asha.eta, rungs };
  }
  for (const t of trials) {
    try {
      checkMemory(t.config, estimateBeforeData(t.config, 'native'), WORKER_MEMORY_LIMIT.bytes, WORKER_MEMORY_LIMIT.source);
    } catch (e) {
      return { ok: false, issues: [memoryIssueOf(e)] };
    }
  }
  const axes = input.axes.map((a) => ({ flag: a.flag, path: RUN_CONFIG_FLAGS.find((f) => f.name === a.flag)?.path ?? a.flag }));
  const spec = SweepSpecSchema.parse({
    kind: 'sweep',
    base,
    search: { mode, text, trials: mode === 'grid' ? trials.length : input.trials, seed },
    axes,
    asha,
    priority: input.priority,
  });
  const name = `${base.task.name} sweep: ${mode} ${text}${asha ? `, ASHA eta ${asha.eta}` : ''}`;
  const submission: ExperimentSubmission = {
    name,
    kind: 'sweep',
    spec: spec as unknown as Record<string, unknown>,
    plan: { trials: trials.length },
    runs: trials.map((t) => t.config),
    priority: input.priority,
  };
  return { ok: true, plan: { kind: 'sweep', spec, name, dataSeed: dataSeedOf(base), trials, dropped: assignments.length - trials.length, submission } };
}

/**
 * A run config's input with options set at their config paths, over a copy of `baseInput` (a
 * request's `base` as given, or a config file's content): a trial of a sweep, or flags over a file.
 *
 * @example withOptions({ task: { name: 'adding' } }, { lr: 0.01 }) // { task: { name: 'adding' }, train: { lr: 0.01 } }
 */
export function withOptions(baseInput: unknown, options: Record<string, FlagValue>, label = 'base'): Record<string, unknown> {
  // JSON.parse output: a structured clone is a plain copy we may mutate
  const input: Record<string, unknown> = isPlainObject(baseInput) ? structuredClone(baseInput) : {};
  for (const [flag, value] of Object.entries(options)) {
    const path = RUN_CONFIG_FLAGS.find((f) => f.name === flag)?.path;
    if (!path) throw new OptionError(`--${flag}: not a run option`);
    const keys = path.split('.');
    let node = input;
    for (const k of keys.slice(0, -1)) {
      if (node[k] === undefined) node[k] = {};
      const next = node[k];
      if (!isPlainObject(next)) throw new OptionError(`${label}: expected "${k}" to be an object, got ${JSON.stringify(next)}`);
      node = next;
    }
    node[keys[keys.length - 1]] = value;
  }
  return input;
}
