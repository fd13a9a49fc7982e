/**
 * The train queue: one BullMQ job per run, the job id being the run id (BullMQ ignores a second add
 * with the same id, which makes enqueueing idempotent). Failed jobs are kept longer than completed
 * ones, so their reasons stay visible.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, TrainJobDataSchema, type TrainJobData, type TrainJobDataInput, type TrainJobResult } from '@rnnlab/contracts';

export interface QueueOptions {
  /** BullMQ key prefix: tests use their own, so that they never collide */
  prefix?: string;
}

/** Retries of a train job: a stalled or crashed attempt resumes from its checkpoint. */
export const TRAIN_ATTEMPTS = 20;

export type JobState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'waiting-children' | 'completed' | 'failed' | 'unknown';

export class RunQueue {
  readonly queue: Queue<TrainJobData, TrainJobResult>;
  private closing: Promise<void> | null = null;

  constructor(connection: Redis, opts: QueueOptions = {}) {
    this.queue = new Queue<TrainJobData, TrainJobResult>(QUEUES.train, { connection, prefix: opts.prefix ?? 'rnnlab' });
  }

  /** Enqueue a run's train job; a job with this run id already in Redis is left as it is. */
  /** `priority` 0..100, higher runs sooner (default 50). */
  async enqueue(data: TrainJobDataInput, opts: { priority?: number } = {}): Promise<void> {
    const parsed = TrainJobDataSchema.parse(data);
    const jobOpts: JobsOptions = {
      jobId: parsed.runId,
      attempts: TRAIN_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 14 * 24 * 3600 },
      // ours: 0..100, higher runs sooner (default 50); BullMQ's: 1 is the most urgent. Every job gets
      // one, because BullMQ runs jobs without a priority before all prioritized ones.
      priority: 1 + (100 - (opts.priority ?? 50)),
    };
    await this.queue.add('train', parsed, jobOpts);
  }

  /** Where the run's job is in Redis (`unknown`: Redis does not have it — lost, or never enqueued). */
  async state(runId: string): Promise<JobState> {
    const job = await this.queue.getJob(runId);
    if (!job) return 'unknown';
    return (await job.getState()) as JobState;
  }

  /** Remove a job that is not running (a cancelled queued run); true when it was there. */
  async removeWaiting(runId: string): Promise<boolean> {
    const job = await this.queue.getJob(runId);
    if (!job) return false;
    const state = await job.getState();
    if (state === 'active') return false;
    await job.remove();
    return true;
  }

  /** Remove a run's job when it is finished (completed or failed), so that a retry can add it again. */
  async removeFinished(runId: string): Promise<boolean> {
    const job = await this.queue.getJob(runId);
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'completed' && state !== 'failed') return false;
    await job.remove();
    return true;
  }

  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
  }

  close(): Promise<void> {
    if (!this.closing) this.closing = this.queue.close();
    return this.closing;
  }
}
