/**
 * What planning refuses, by field: a form shows each issue beside the field its path names, the CLI
 * turns it into a usage error naming the flag. Planning never throws for bad input (a dataset that
 * cannot be prepared aside): a refused plan is a result, so a plan job that refuses is not retried.
 */
import type { PlanFieldError } from '@rnnlab/contracts';
import { RunInputError } from '@rnnlab/trainer';

/**
 * - `invalid`: the request does not parse (a value out of range, an unknown field)
 * - `inapplicable`: a field the user set that the run would not use (`task.lag` on adding)
 * - `params-gap`: match params cannot bring the cells' parameter counts within 2%
 * - `memory`: a run would not fit in one worker process
 * - `dataset`: the dataset cannot be prepared (a text file that is not there)
 */
export type PlanIssueCode = 'invalid' | 'inapplicable' | 'params-gap' | 'memory' | 'dataset';

/** `path` as in PlanFieldError: the run config's own path for its fields (`model.hidden`), the request's key for the others. */
export interface PlanIssue extends PlanFieldError {
  code: PlanIssueCode;
}

export type PlanOutcome<T> = { ok: true; plan: T } | { ok: false; issues: PlanIssue[] };

/** The issues as a plan job returns them (the contract has no codes). */
export const fieldErrorsOf = (issues: readonly PlanIssue[]): PlanFieldError[] => issues.map(({ path, message }) => ({ path, message }));

/** a refusal of checkMemory() as an issue, under the first field its advice names; other errors go on */
export function memoryIssueOf(err: unknown): PlanIssue {
  if (!(err instanceof RunInputError)) throw err;
  return { code: 'memory', path: err.fields[0] ?? '', message: err.message };
}
