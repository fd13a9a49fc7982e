/**
 * Planning a request as it comes from a plan job (JSON from a form, see PlanRequestSchema): parse it,
 * take the fields present in its run config as the ones the user set, and plan it as the CLI would.
 * Everything wrong with the request comes back as issues by field, a dataset that cannot be prepared
 * included (under `task`); only faults that a retry may fix are thrown.
 */
import { PlanRequestSchema, planRequestErrors } from '@rnnlab/contracts';
import { DataError } from '@rnnlab/datasets';
import { givenFields } from './given-fields';
import { planExperiment, type PlannedExperiment } from './plan-experiment';
import type { PlanOutcome } from './plan-issue';
import { planSingleRun, type PlannedSingleRun } from './plan-run';
import { missingUploadIssue, type UploadReader } from './uploads';

export type Planned = PlannedExperiment | PlannedSingleRun;

export interface PlanRequestOptions {
  /** where uploaded datasets are read (the store): a request on `task.upload` is refused without it */
  uploads?: UploadReader;
}

const sectionOf = (input: unknown, key: string): unknown => (typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined);

/**
 * Plan a request given as its input (unparsed): a run, a comparison or a battery.
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
  // a comparison over a model option sets that option, as `--context last,attention` does
  const given = [...givenFields(sectionOf(input, 'base')), ...(request.vary ? [request.vary.path] : [])];
  try {
    return await planExperiment(request, { given, uploads: opts.uploads });
  } catch (e) {
    if (e instanceof DataError) return { ok: false, issues: [{ code: 'dataset', path: 'task', message: e.message }] };
    throw e;
  }
}
