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
    case 'dataset':
      // a field of its own (task.upload: no such upload) names its flag; the dataset's own errors are worded by the datasets
      if (issue.path !== 'task' && flagForPath(issue.path)) return `${flagForPath(issue.path)}: ${issue.message}`;
      return issue.message;
    case 'memory':
      // worded by the trainer, shown as it words it (as before the planner)
      return issue.message;
    default:
      return `${flagForPath(issue.path) ?? issue.path}: ${issue.message}`;
  }
}

export function usageErrorOf(issues: readonly PlanIssue[]): UsageError {
  return new UsageError(issues.map(lineOf).join('\n'));
}
