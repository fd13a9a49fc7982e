/**
 * Planning a request as it comes from a plan job (JSON from a form, see PlanRequestSchema): parse it,
 * take the fields present in its run config as the ones the user set, and plan it as the CLI would.
 * Everything wrong with the request comes back as issues by field, a dataset that cannot be prepared
 * included (under `task`); only faults that a retry may fix are thrown.
 */
import { ConfigError, OptionError, parseRunConfig, PlanRequestSchema, planRequestErrors, type FlagValue, type PlanSweepRequest, type RunConfigInput } from '@rnnlab/contracts';
import { DataError } from '@rnnlab/datasets';
import { givenFields } from './given-fields';
import { planExperiment, type PlannedExperiment } from './plan-experiment';
import type { PlanOutcome } from './plan-issue';
import { planSingleRun, type PlannedSingleRun } from './plan-run';
import { planSweep, withOptions, type PlannedSweep } from './plan-sweep';
import { parseGrid, parseRandom } from './sweep-axes';
import { missingUploadIssue, type UploadReader } from './uploads';

export type Planned = PlannedExperiment | PlannedSingleRun | PlannedSweep;

export interface PlanRequestOptions {
  /** where uploaded datasets are read (the store): a request on `task.upload` is refused without it */
  uploads?: UploadReader;
}

const sectionOf = (input: unknown, key: string): unknown => (typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined);

/**
 * Plan a request given as its input (unparsed): a run, a comparison, a battery or a sweep.
 *
 * @example
 * const r = await planRequest({ kind: 'compare', base: { task: { name: 'adding' }, model: { hidden: 12 } }, cells: ['rnn', 'gru'], seeds: 2, match: 'params' });
 * if (r.ok && r.plan.kind !== 'run') console.log(r.plan.name, r.plan.cells);
 */
export async function planRequest(input: unknown, opts: PlanRequestOptions = {}): Promise<PlanOutcome<Planned>> {
  const parsed = PlanRequestSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: planRequestErrors(parsed.error, input).map((e) => ({ ...e, code: 'invalid' as const })) };
  const request = parsed.data;
  if (request.kind === 'run') {
    const planned = planSingleRun(request.config, { priority: request.priority, engine: request.engine, given: givenFields(sectionOf(input, 'config')) });
    // a run prepares its dataset in its own prepare job: here only check that the upload is there
    const upload = request.config.task.upload;
    if (planned.ok && upload !== undefined && !(await opts.uploads?.hasUpload(upload))) return { ok: false, issues: [missingUploadIssue(upload, opts.uploads)] };
    return planned;
  }
  if (request.kind === 'sweep') return planSweepRequest(request, sectionOf(input, 'base'), opts);
  // a comparison over a model option sets that option, as `--context last,attention` does
  const given = [...givenFields(sectionOf(input, 'base')), ...(request.vary ? [request.vary.path] : [])];
  try {
    return await planExperiment(request, { given, uploads: opts.uploads });
  } catch (e) {
    if (e instanceof DataError) return { ok: false, issues: [{ code: 'dataset', path: 'task', message: e.message }] };
    throw e;
  }
}

/**
 * A sweep request: its axes parsed as `rnnlab sweep` parses them, each trial's options set over the
 * base as given. A bad axis, or a trial whose config does not parse, is an issue under `search.text`.
 */
async function planSweepRequest(request: PlanSweepRequest, baseInput: unknown, opts: PlanRequestOptions): Promise<PlanOutcome<PlannedSweep>> {
  const { search, base } = request;
  const invalid = (message: string) => ({ ok: false as const, issues: [{ code: 'invalid' as const, path: 'search.text', message }] });
  let planned: PlanOutcome<PlannedSweep>;
  try {
    const axes = search.mode === 'grid' ? parseGrid(search.text) : parseRandom(search.text);
    const build = (options: Record<string, FlagValue>) => parseRunConfig(withOptions(baseInput, options) as RunConfigInput);
    planned = planSweep({ base, mode: search.mode, text: search.text, axes, trials: search.trials, seed: search.seed, asha: request.asha, priority: request.priority }, build, {
      given: givenFields(baseInput),
    });
  } catch (e) {
    if (e instanceof OptionError) return invalid(e.message);
    if (e instanceof ConfigError) return invalid(`a trial does not parse: ${e.issues.join('; ')}`);
    throw e;
  }
  const upload = base.task.upload;
  if (planned.ok && upload !== undefined && !(await opts.uploads?.hasUpload(upload))) return { ok: false, issues: [missingUploadIssue(upload, opts.uploads)] };
  return planned;
}
