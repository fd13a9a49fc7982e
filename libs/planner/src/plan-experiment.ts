/**
 * Planning a comparison or a battery (`rnnlab compare [--battery]`, or a plan job): every run of
 * the spec, each cell's hidden size and parameter count, checked before anything is written:
 *   fields set that the runs would not use -> the dataset (its vocabulary and features size the
 *   models) -> the runs -> with match params, counts within 2% -> every run fits one worker process.
 * The first check that fails refuses the plan, with the field to change.
 */
import { dataSeedOf, LAG_LABELS, lagFieldOf, type BatterySpec, type CompareSpec, type RunConfig } from '@rnnlab/contracts';
import { prepareDataset, type DatasetSources } from '@rnnlab/datasets';
import { groupOf, planBattery, planCompare, type CellPlan } from '@rnnlab/experiments';
import { expectedParamCount, ModelSpecSchema } from '@rnnlab/models';
import type { ExperimentSubmission } from '@rnnlab/queue';
import { checkMemory, estimateBeforeData, modelSpecFor, WASM_HEAP_BYTES } from '@rnnlab/trainer';
import { inapplicableIssues } from './given-fields';
import { memoryIssueOf, type PlanOutcome } from './plan-issue';
import { missingUploadIssue, type UploadReader } from './uploads';

/** match params: the largest spread of parameter counts over the cells, (largest - smallest) / largest */
export const MAX_PARAMS_GAP = 0.02;

/** the memory a run of the fleet may plan on: one worker process's WebAssembly heap */
export const WORKER_MEMORY_LIMIT = { bytes: WASM_HEAP_BYTES, source: 'what one worker process can hold' } as const;

export interface PlannedExperiment {
  kind: 'compare' | 'battery';
  spec: CompareSpec | BatterySpec;
  /** e.g. `adding: rnn vs lstm vs gru x 3 seeds` */
  name: string;
  /** the one data seed of every run (every lag's dataset in a battery) */
  dataSeed: number;
  /** per group (see groupOf): its hidden size and parameter count */
  cells: CellPlan[];
  /** (largest - smallest) / largest parameter count over the cells */
  paramsGap: number;
  /** what submitExperiment() takes */
  submission: ExperimentSubmission;
}

export interface PlanExperimentOptions {
  /** the run-config fields the user set (dotted paths): one the runs would not use is refused */
  given?: Iterable<string>;
  /** where the text of `task.upload` is read (the store); without it a comparison on an upload is refused */
  uploads?: UploadReader;
}

/**
 * Plan a comparison or a battery.
 *
 * @example
 * const r = await planExperiment(CompareSpecSchema.parse({ kind: 'compare', base, cells: ['rnn', 'gru'], seeds: 3, match: 'params' }));
 * if (r.ok) await submitExperiment(store, queue, r.plan.submission);
 * else for (const i of r.issues) console.log(`${i.path}: ${i.message}`); // model.hidden: the closest hidden sizes give …
 */
export async function planExperiment(spec: CompareSpec | BatterySpec, opts: PlanExperimentOptions = {}): Promise<PlanOutcome<PlannedExperiment>> {
  const base = spec.base;
  const inapplicable = inapplicableIssues(base, opts.given ?? []);
  if (inapplicable.length) return { ok: false, issues: inapplicable };
  const dataSeed = dataSeedOf(base);
  const sources: DatasetSources = {};
  if (base.task.upload !== undefined) {
    const text = opts.uploads ? await opts.uploads.uploadText(base.task.upload) : null;
    if (text === null) return { ok: false, issues: [missingUploadIssue(base.task.upload, opts.uploads)] };
    sources.text = text;
  }
  // the parameter counts need the dataset's sizes (vocabulary, features): prepare it here once
  const ds = await prepareDataset(base.task, dataSeed, sources);
  const paramsOf = (c: RunConfig) => expectedParamCount(ModelSpecSchema.parse(modelSpecFor(c, ds)));
  const plan = spec.kind === 'battery' ? planBattery(spec, paramsOf) : planCompare(spec, paramsOf);
  if (spec.match === 'params' && plan.paramsGap > MAX_PARAMS_GAP) {
    const message = `the closest hidden sizes give parameter counts ${(plan.paramsGap * 100).toFixed(1)}% apart (over ${MAX_PARAMS_GAP * 100}%): raise model.hidden`;
    return { ok: false, issues: [{ code: 'params-gap', path: 'model.hidden', message }] };
  }
  for (const r of plan.runs) {
    try {
      checkMemory(r.config, estimateBeforeData(r.config, 'native'), WORKER_MEMORY_LIMIT.bytes, WORKER_MEMORY_LIMIT.source);
    } catch (e) {
      return { ok: false, issues: [memoryIssueOf(e)] };
    }
  }
  const name =
    spec.kind === 'battery'
      ? `${base.task.name} battery: ${spec.cells.join(' vs ')} at ${LAG_LABELS[lagFieldOf(base.task.name)]} ${spec.lags.join(', ')} x ${spec.seeds} seeds`
      : `${base.task.name}: ${plan.cells.map((c) => groupOf(c)).join(' vs ')} x ${spec.seeds} seeds`;
  const submission: ExperimentSubmission = {
    name,
    kind: spec.kind,
    spec: spec as unknown as Record<string, unknown>,
    plan: spec.kind === 'battery' ? { cells: plan.cells, lags: spec.lags } : { cells: plan.cells },
    runs: plan.runs.map((r) => r.config),
    priority: spec.priority,
  };
  return { ok: true, plan: { kind: spec.kind, spec, name, dataSeed, cells: plan.cells, paramsGap: plan.paramsGap, submission } };
}
