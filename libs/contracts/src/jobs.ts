/**
 * The platform's queues and job payloads. Producers parse a payload before enqueueing it and
 * processors parse it again before working (a payload in Redis may come from another version).
 * The job id of a train job is the run id.
 */
import { z } from 'zod';
import { RunConfigSchema } from './run-config';

/** Queue names, also the BullMQ queue names (under the configured prefix). */
export const QUEUES = { train: 'rnnlab-train' } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Run ids: `r-` and 16 hex digits (content-addressed: the same submission gives the same id). */
export const RUN_ID_PATTERN = /^r-[0-9a-f]{16}$/;
export const RunIdSchema = z.string().regex(RUN_ID_PATTERN, 'expected a run id like r-0123456789abcdef');

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINAL_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

export const TrainJobDataSchema = z
  .object({
    runId: RunIdSchema,
    config: RunConfigSchema,
  })
  .strict();
export type TrainJobData = z.infer<typeof TrainJobDataSchema>;
export type TrainJobDataInput = z.input<typeof TrainJobDataSchema>;

export const TrainJobResultSchema = z
  .object({
    runId: RunIdSchema,
    status: z.enum(['succeeded', 'cancelled']),
    steps: z.number().int().min(0),
    resumedFromStep: z.number().int().min(0).nullable(),
  })
  .strict();
export type TrainJobResult = z.infer<typeof TrainJobResultSchema>;

/** Progress a sandboxed training child reports to its worker (BullMQ job progress), about once a second. */
export const TrainProgressSchema = z.object({
  step: z.number().int().min(0),
  totalSteps: z.number().int().min(1),
  loss: z.number().nullable(),
  tokensPerS: z.number(),
  lr: z.number().optional(),
  gradNorm: z.number().optional(),
});
export type TrainProgress = z.infer<typeof TrainProgressSchema>;

/** What a finished run records: its final metrics next to a trivial baseline, and how it ran. */
export interface RunFinalMetrics {
  val: Record<string, number>;
  test: Record<string, number>;
  baseline: Record<string, number>;
  params: number;
  tokensPerS: number;
  elapsedMs: number;
  bestStep: number;
  stoppedEarly: boolean;
}

/** Redis pub/sub channel that relays a cancel request to whichever worker runs the run. */
export const CANCEL_CHANNEL = 'rnnlab:cancel';
