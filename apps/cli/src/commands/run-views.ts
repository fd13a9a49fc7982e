/**
 * How a run looks in the fleet commands' output: the stable `--json` shape (documented in the
 * README) and a table row.
 */
import type { RunRow } from '@rnnlab/store';
import { fmtNum } from '../printers/format';

/** The `--json` shape of a run: stable, documented. */
export function runJson(r: RunRow) {
  return {
    id: r.id,
    status: r.status,
    task: r.task,
    cell: r.cell,
    seed: r.seed,
    attempts: r.attempts,
    resumedFromStep: r.resumedFromStep,
    host: r.host,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    finalMetrics: r.finalMetrics,
    failureReason: r.failureReason,
    experimentId: r.experimentId,
    preparedDatasetId: r.preparedDatasetId,
  };
}

/** The headline validation metric of a finished run, e.g. `mse 0.0021`. */
export function headline(r: RunRow): string {
  const val = (r.finalMetrics as { val?: Record<string, number> } | null)?.val;
  if (!val) return '-';
  const key = ['mse', 'bpc', 'bits_per_token', 'sequence_accuracy', 'accuracy', 'loss'].find((k) => k in val);
  return key ? `${key} ${fmtNum(val[key])}` : '-';
}

export function runRow(r: RunRow): string[] {
  return [r.id, r.status, r.task, r.cell, String(r.attempts), r.resumedFromStep === null ? '-' : String(r.resumedFromStep), headline(r)];
}

export const RUN_HEADER = ['id', 'status', 'task', 'cell', 'attempts', 'resumed from', 'val'];
