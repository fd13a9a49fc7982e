/**
 * Which run-config fields a request sets. On the command line a field is set by its flag; in a
 * request (JSON from a form) by being there: `{ task: { name: 'adding', lag: 5 } }` sets `task.name`
 * and `task.lag`, and the applicability check refuses `task.lag` for the adding problem as
 * `rnnlab compare --lag 5` is refused.
 */
import { inapplicableFields, type RunConfig } from '@rnnlab/contracts';
import type { PlanIssue } from './plan-issue';

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The dotted paths of the fields present in a run config's input (sections one level deep).
 *
 * @example givenFields({ seed: 3, task: { name: 'copy', lag: 5 } }) // ['seed', 'task.name', 'task.lag']
 */
export function givenFields(configInput: unknown): string[] {
  if (!isPlainObject(configInput)) return [];
  return Object.entries(configInput).flatMap(([key, value]) => (isPlainObject(value) ? Object.keys(value).map((sub) => `${key}.${sub}`) : [key]));
}

/** the fields of `given` that `config` would not use, as issues */
export function inapplicableIssues(config: RunConfig, given: Iterable<string>): PlanIssue[] {
  return inapplicableFields(config, given).map((i) => ({ code: 'inapplicable', path: i.path, message: i.reason }));
}
