/**
 * A refused plan (see @rnnlab/planner) as the usage error `submit` and `compare` print: one line per
 * issue, each naming the flag that sets its field (`--lag: applies to task copy only; …`).
 */
import type { PlanIssue } from '@rnnlab/planner';
import { flagForPath, UsageError } from './args';
import { pathsToFlags } from './errors';

function lineOf(issue: PlanIssue): string {
  switch (issue.code) {
    case 'params-gap':
      return `--match params: ${pathsToFlags(issue.message)}`;
    case 'memory':
    case 'dataset':
      // worded by the trainer and the datasets, shown as they word it (as before the planner)
      return issue.message;
    default:
      return `${flagForPath(issue.path) ?? issue.path}: ${issue.message}`;
  }
}

export function usageErrorOf(issues: readonly PlanIssue[]): UsageError {
  return new UsageError(issues.map(lineOf).join('\n'));
}
