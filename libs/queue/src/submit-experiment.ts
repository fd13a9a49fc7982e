/**
 * Submitting an experiment: the experiment row, then every run row, then one flow (the report job
 * waiting for the runs' prepare -> train flows). The same spec again is the same experiment, the
 * same runs and nothing new in Redis; a crash part-way is repaired by submitting again or by the
 * reconciler.
 */
import type { RunConfig } from '@rnnlab/contracts';
import type { Experiment, Store } from '@rnnlab/store';
import type { RunQueue } from './run-queue';
import { experimentIdFor, runIdFor } from './run-ids';

export interface ExperimentSubmission {
  name: string;
  kind: string;
  /** what makes two submissions the same experiment (hashed into its id) */
  spec: Record<string, unknown>;
  /** stored with the spec: what the producer decided (e.g. each cell's hidden size) */
  plan: Record<string, unknown>;
  runs: RunConfig[];
  priority?: number;
}

export interface SubmittedExperiment {
  experiment: Experiment;
  created: boolean;
  runIds: string[];
}

export async function submitExperiment(store: Store, queue: RunQueue, s: ExperimentSubmission): Promise<SubmittedExperiment> {
  const id = experimentIdFor(s.spec);
  const { experiment, created } = await store.createExperiment({ id, name: s.name, kind: s.kind, spec: { ...s.spec, plan: s.plan }, specHash: id });
  const runIds: string[] = [];
  const pending: { runId: string; config: RunConfig }[] = [];
  for (const config of s.runs) {
    const runId = runIdFor(config, id);
    const { run, created: fresh } = await store.createRun({ id: runId, experimentId: id, config, configHash: runId, engine: 'auto', priority: s.priority ?? 50 });
    if (fresh) await store.addEvent({ runId, attempt: 0, kind: 'queued', message: `experiment ${id}, priority ${s.priority ?? 50}` });
    runIds.push(runId);
    if (run.status === 'queued' || run.status === 'running') pending.push({ runId, config: run.config });
  }
  if (!(await store.getExperimentReport(id))) await queue.enqueueExperiment(id, pending, { priority: s.priority });
  return { experiment, created, runIds };
}
