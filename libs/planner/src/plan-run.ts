/**
 * Planning one run outside any experiment (`rnnlab submit`, or a plan job): the config is checked as
 * `rnnlab train` checks it, and a run that cannot fit in memory is refused here, before anything is
 * written and before a worker ever sees it.
 */
import type { RunConfig } from '@rnnlab/contracts';
import type { SubmitOptions } from '@rnnlab/queue';
import { checkMemory, estimateBeforeData, type MemoryEstimate } from '@rnnlab/trainer';
import { inapplicableIssues } from './given-fields';
import { WORKER_MEMORY_LIMIT } from './plan-experiment';
import { memoryIssueOf, type PlanOutcome } from './plan-issue';

export type RunEngine = NonNullable<SubmitOptions['engine']>;

export interface PlannedSingleRun {
  kind: 'run';
  config: RunConfig;
  /** `<cell> on <task>` */
  name: string;
  /** what submitRun() takes besides the config */
  options: { priority: number; engine: RunEngine };
  /** the estimate the memory check passed */
  memory: MemoryEstimate;
}

export interface PlanRunOptions {
  /** 0..100, higher runs sooner (default 50) */
  priority?: number;
  /** the engine the run asks for (default `auto`); the memory estimate follows it (`auto`: native) */
  engine?: RunEngine;
  /** the run-config fields the user set (dotted paths): one the run would not use is refused */
  given?: Iterable<string>;
  /** what the run may need (default: one worker process's WebAssembly heap); `source` says where the limit comes from */
  memoryLimit?: { bytes: number; source: string };
}

/**
 * Plan one run.
 *
 * @example
 * const r = planSingleRun(config, { priority: 80, given: ['model.hidden'] });
 * if (r.ok) await submitRun(store, queue, r.plan.config, r.plan.options);
 */
export function planSingleRun(config: RunConfig, opts: PlanRunOptions = {}): PlanOutcome<PlannedSingleRun> {
  const inapplicable = inapplicableIssues(config, opts.given ?? []);
  if (inapplicable.length) return { ok: false, issues: inapplicable };
  const engine = opts.engine ?? 'auto';
  const limit = opts.memoryLimit ?? WORKER_MEMORY_LIMIT;
  let memory: MemoryEstimate;
  try {
    memory = checkMemory(config, estimateBeforeData(config, engine === 'tfjs' ? 'tfjs' : 'native'), limit.bytes, limit.source);
  } catch (e) {
    return { ok: false, issues: [memoryIssueOf(e)] };
  }
  const name = `${config.model.cell} on ${config.task.name}`;
  return { ok: true, plan: { kind: 'run', config, name, options: { priority: opts.priority ?? 50, engine }, memory } };
}
