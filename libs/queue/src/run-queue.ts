/**
 * The platform's queues. A run is a BullMQ flow: its train job (job id = run id) waits for its
 * prepare job (`<run id>-prepare`), which finds the run's dataset in the store or prepares and
 * stores it once. An experiment is a flow too: its report job waits for its runs' flows. Evaluate
 * jobs (job id = evaluation id) stand alone, and so do plan jobs (see request-plan.ts). BullMQ ignores a second add
 * with an existing id, and a flow is only added when the run has no job in Redis, so enqueueing is
 * idempotent. Failed jobs are kept longer than completed ones, so their reasons stay visible.
 */
import { FlowProducer, Queue, type FlowJob, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  dataSeedOf,
  ExperimentIdSchema,
  ReportJobDataSchema,
  reportJobIdFor,
  type ReportJobData,
  EvaluateJobDataSchema,
  PrepareJobDataSchema,
  prepareJobIdFor,
  QUEUES,
  TrainJobDataSchema,
  type EvaluateJobData,
  type EvaluateJobDataInput,
  type PlanJobDataInput,
  type PlanJobResult,
  type PrepareJobData,
  type PrepareJobResult,
  type QueueKind,
  type TrainJobData,
  type TrainJobDataInput,
  type TrainJobResult,
} from '@rnnlab/contracts';

export interface QueueOptions {
  /** BullMQ key prefix: tests use their own, so that they never collide */
  prefix?: string;
}

/** Retries of a train job: a stalled or crashed attempt resumes from its checkpoint. */
export const TRAIN_ATTEMPTS = 20;
/** Retries of prepare and evaluate jobs (transient failures: the store or Redis away) */
export const SHORT_JOB_ATTEMPTS = 5;

export type JobState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'waiting-children' | 'completed' | 'failed' | 'unknown';

const KEEP = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
} as const;

/** ours: 0..100, higher runs sooner (default 50); BullMQ's: 1 is the most urgent. Every job gets
 * one, because BullMQ runs jobs without a priority before all prioritized ones. */
const bullPriority = (p: number | undefined) => 1 + (100 - (p ?? 50));

const COUNTED_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

export class RunQueue {
  readonly queue: Queue<TrainJobData, TrainJobResult>;
  readonly prepareQueue: Queue<PrepareJobData, PrepareJobResult>;
  readonly evaluateQueue: Queue<EvaluateJobData>;
  readonly reportQueue: Queue<ReportJobData>;
  readonly planQueue: Queue<PlanJobDataInput, PlanJobResult>;
  /** the BullMQ key prefix of every queue here */
  readonly prefix: string;
  private readonly flows: FlowProducer;
  private closing: Promise<void> | null = null;

  /** `connection` stays the caller's: close() leaves it open */
  constructor(
    readonly connection: Redis,
    opts: QueueOptions = {},
  ) {
    const prefix = opts.prefix ?? 'rnnlab';
    this.prefix = prefix;
    this.queue = new Queue<TrainJobData, TrainJobResult>(QUEUES.train, { connection, prefix });
    this.prepareQueue = new Queue<PrepareJobData, PrepareJobResult>(QUEUES.prepare, { connection, prefix });
    this.evaluateQueue = new Queue<EvaluateJobData>(QUEUES.evaluate, { connection, prefix });
    this.reportQueue = new Queue<ReportJobData>(QUEUES.report, { connection, prefix });
    this.planQueue = new Queue<PlanJobDataInput, PlanJobResult>(QUEUES.plan, { connection, prefix });
    this.flows = new FlowProducer({ connection, prefix });
  }

  /**
   * Enqueue a run: its prepare job, and its train job waiting for it. A run that already has a job
   * in Redis (waiting, running, finished) is left as it is. `priority` 0..100, higher runs sooner.
   */
  async enqueue(data: TrainJobDataInput, opts: { priority?: number } = {}): Promise<void> {
    const parsed = TrainJobDataSchema.parse(data);
    if (await this.queue.getJob(parsed.runId)) return;
    await this.flows.add(this.runFlow(parsed, opts.priority));
  }

  /**
   * Enqueue an experiment: its report job, waiting for the flows of its runs (a run that fails does
   * not hold the report back). An experiment whose report job is in Redis is left as it is.
   */
  async enqueueExperiment(experimentId: string, runs: TrainJobDataInput[], opts: { priority?: number } = {}): Promise<void> {
    const id = reportJobIdFor(ExperimentIdSchema.parse(experimentId));
    if (await this.reportQueue.getJob(id)) return;
    const children: FlowJob[] = [];
    for (const r of runs) {
      const parsed = TrainJobDataSchema.parse(r);
      // a run already in Redis (submitted before, or re-enqueued) goes on by itself; the report waits for it anyway
      if (await this.queue.getJob(parsed.runId)) continue;
      const flow = this.runFlow(parsed, opts.priority);
      children.push({ ...flow, opts: { ...flow.opts, ignoreDependencyOnFailure: true } });
    }
    await this.flows.add({ name: 'report', queueName: QUEUES.report, data: { experimentId }, opts: this.reportOpts(id), children });
  }

  /** Enqueue an experiment's report job alone (its runs' jobs were lost, or the report is asked for again). */
  async enqueueReport(experimentId: string): Promise<void> {
    const id = reportJobIdFor(ExperimentIdSchema.parse(experimentId));
    const existing = await this.reportQueue.getJob(id);
    if (existing && ['completed', 'failed'].includes(await existing.getState())) await existing.remove();
    else if (existing) return;
    await this.reportQueue.add('report', ReportJobDataSchema.parse({ experimentId }), this.reportOpts(id));
  }

  /** Where an experiment's report job is in Redis. */
  async reportState(experimentId: string): Promise<JobState> {
    const job = await this.reportQueue.getJob(reportJobIdFor(experimentId));
    return job ? ((await job.getState()) as JobState) : 'unknown';
  }

  private reportOpts(jobId: string): JobsOptions {
    return { jobId, attempts: SHORT_JOB_ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, ...KEEP };
  }

  /** a run's flow: its train job waiting for its prepare job */
  private runFlow(parsed: TrainJobData, priorityIn: number | undefined): FlowJob {
    const priority = bullPriority(priorityIn);
    const prepare = PrepareJobDataSchema.parse({ runId: parsed.runId, task: parsed.config.task, seed: dataSeedOf(parsed.config) });
    return {
      name: 'train',
      queueName: QUEUES.train,
      data: parsed,
      opts: { jobId: parsed.runId, attempts: TRAIN_ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, priority, ...KEEP },
      children: [
        {
          name: 'prepare',
          queueName: QUEUES.prepare,
          data: prepare,
          opts: {
            jobId: prepareJobIdFor(parsed.runId),
            attempts: SHORT_JOB_ATTEMPTS,
            backoff: { type: 'exponential', delay: 1000 },
            priority,
            // a dataset that cannot be prepared fails its run (the prepare job records why)
            failParentOnFailure: true,
            ...KEEP,
          },
        },
      ],
    };
  }

  /** Enqueue an evaluation (job id = evaluation id; a second add of the same id is ignored). */
  async enqueueEvaluation(data: EvaluateJobDataInput, opts: { priority?: number } = {}): Promise<void> {
    const parsed = EvaluateJobDataSchema.parse(data);
    const existing = await this.evaluateQueue.getJob(parsed.evaluationId);
    // a finished one asked again (after it failed): replace it
    if (existing && ['completed', 'failed'].includes(await existing.getState())) await existing.remove();
    await this.evaluateQueue.add('evaluate', parsed, {
      jobId: parsed.evaluationId,
      attempts: SHORT_JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000 },
      priority: bullPriority(opts.priority),
      ...KEEP,
    });
  }

  /** Where the run's train job is in Redis (`unknown`: Redis does not have it — lost, or never enqueued). */
  async state(runId: string): Promise<JobState> {
    const job = await this.queue.getJob(runId);
    if (!job) return 'unknown';
    return (await job.getState()) as JobState;
  }

  /** A waiting train job's priority (0..100, higher sooner); false when it is not waiting in Redis. */
  async reprioritize(runId: string, priority: number): Promise<boolean> {
    const job = await this.queue.getJob(runId);
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'waiting' && state !== 'prioritized' && state !== 'waiting-children') return false;
    await job.changePriority({ priority: bullPriority(priority) });
    return true;
  }

  /** Remove a run's jobs when it is not running (a cancelled queued run); true when its train job was there. */
  async removeWaiting(runId: string): Promise<boolean> {
    const job = await this.queue.getJob(runId);
    if (!job) return false;
    const state = await job.getState();
    if (state === 'active') return false;
    // a prepare job that is running holds its lock: the train job then finds the run cancelled
    await job.remove().catch(() => undefined);
    await this.removeJob(this.prepareQueue, prepareJobIdFor(runId));
    return true;
  }

  /** Remove a run's jobs when they are finished (completed or failed), so that a retry can add them again. */
  async removeFinished(runId: string): Promise<boolean> {
    await this.removeJob(this.prepareQueue, prepareJobIdFor(runId));
    const job = await this.queue.getJob(runId);
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'completed' && state !== 'failed') return false;
    await job.remove();
    return true;
  }

  private async removeJob(queue: Queue, jobId: string): Promise<void> {
    const job = await queue.getJob(jobId);
    if (job && (await job.getState()) !== 'active') await job.remove().catch(() => undefined);
  }

  /** train jobs per state */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts(...COUNTED_STATES);
  }

  /** jobs per state of every queue */
  async countsByQueue(): Promise<Record<QueueKind, Record<string, number>>> {
    const [train, prepare, evaluate, report, plan] = await Promise.all(
      [this.queue, this.prepareQueue, this.evaluateQueue, this.reportQueue, this.planQueue].map((q) => q.getJobCounts(...COUNTED_STATES)),
    );
    return { train, prepare, evaluate, report, plan };
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.closing = Promise.all([this.flows.close(), this.queue.close(), this.prepareQueue.close(), this.evaluateQueue.close(), this.reportQueue.close(), this.planQueue.close()]).then(() => undefined);
    }
    return this.closing;
  }
}
