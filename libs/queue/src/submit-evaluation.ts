/**
 * Asking for an evaluation of a run: the database row first, then the job (as for runs). The same
 * request twice is one evaluation; a finished one is not computed again, a failed one is retried.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import type { Evaluation, EvaluationSplit, Store } from '@rnnlab/store';
import type { RunQueue } from './run-queue';
import { evaluationIdFor } from './run-ids';

export interface EvaluationRequest {
  runId: string;
  split: EvaluationSplit;
  /** another dataset of the run's kind; null: the run's own */
  task: TaskConfig | null;
  /** its data seed; null: the run's */
  seed: number | null;
}

export async function submitEvaluation(store: Store, queue: RunQueue, req: EvaluationRequest): Promise<{ evaluation: Evaluation; created: boolean }> {
  const id = evaluationIdFor(req.runId, req.split, req.task, req.seed);
  const { evaluation, created } = await store.createEvaluation({ id, runId: req.runId, split: req.split, task: req.task });
  if (evaluation.status !== 'succeeded') {
    await queue.enqueueEvaluation({ evaluationId: id, runId: req.runId, split: req.split, task: req.task, seed: req.seed });
  }
  return { evaluation, created };
}
