/**
 * The sandboxed processor of prepare jobs, the first job of every run's flow: find the run's
 * dataset in the store, or prepare it (once across the fleet, under a lease) and store it; then
 * link it to the run. A dataset that cannot be prepared (a missing file, a bad task) fails the run
 * with the reason, and BullMQ fails its train job with it (failParentOnFailure).
 */
import type { SandboxedJob } from 'bullmq';
import { PrepareJobDataSchema, type PrepareJobData, type PrepareJobResult } from '@rnnlab/contracts';
import { badPayload, childRedis, childStore, host, isUnrecoverable, queuePrefix, unrecoverable } from './child-context';
import { prepareInStore } from './stored-datasets';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`;

// BullMQ loads a sandboxed processor as the module's default export.
// eslint-disable-next-line no-restricted-syntax
export default async function processPrepareJob(job: SandboxedJob<PrepareJobData, PrepareJobResult>): Promise<PrepareJobResult> {
  const parsed = PrepareJobDataSchema.safeParse(job.data);
  if (!parsed.success) throw badPayload('prepare', parsed.error.issues);
  const { runId, task, seed } = parsed.data;
  const db = await childStore();
  const run = await db.getRun(runId);
  if (!run) throw unrecoverable(`run ${runId} is not in the database`);
  try {
    const r = await prepareInStore(db, { task, seed }, { redis: childRedis(), prefix: queuePrefix() });
    await db.setPreparedDataset(runId, r.datasetId);
    const short = r.datasetId.slice(0, 12);
    const message = r.created
      ? `prepared in ${(r.prepareMs / 1000).toFixed(2)} s and stored as ${short} (${mb(r.bytes ?? 0)}): ${r.dataset?.describe ?? ''}`
      : `found prepared as ${short}: not prepared again`;
    await db.addEvent({ runId, attempt: run.attempts, kind: 'dataset', host, message });
    return { datasetId: r.datasetId, created: r.created };
  } catch (err) {
    const e = err as Error;
    if (!isUnrecoverable(e)) throw e;
    const reason = `preparing the dataset: ${e.message}`;
    await db.finishRun(runId, run.attempts, { status: 'failed', failureReason: reason });
    await db.addEvent({ runId, attempt: run.attempts, kind: 'failed', host, message: reason });
    throw unrecoverable(reason);
  }
}
