/**
 * The platform's queues and job payloads. Producers parse a payload before enqueueing it and
 * processors parse it again before working (a payload in Redis may come from another version).
 * The job id of a train job is the run id.
 */
import { z } from 'zod';
import { BatterySpecSchema } from './batteries';
import { CompareSpecSchema, ExperimentIdSchema } from './experiments';
import { RunConfigSchema, TaskConfigSchema } from './run-config';

/**
 * Queue names, also the BullMQ queue names (under the configured prefix). A run is a flow: its
 * train job waits for its prepare job (the dataset, prepared once per spec and stored). A plan job
 * turns a request (a run, a comparison, a battery) into runs and submits them, for producers that
 * cannot load the models and the trainer themselves (the dashboard).
 */
export const QUEUES = { train: 'rnnlab-train', prepare: 'rnnlab-prepare', evaluate: 'rnnlab-evaluate', report: 'rnnlab-report', plan: 'rnnlab-plan' } as const;
/** `rnnlab worker --queues`: which kinds of job a worker takes */
export const QUEUE_KINDS = Object.keys(QUEUES) as (keyof typeof QUEUES)[];
export type QueueKind = keyof typeof QUEUES;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Run ids: `r-` and 16 hex digits (content-addressed: the same submission gives the same id). */
export const RUN_ID_PATTERN = /^r-[0-9a-f]{16}$/;
export const RunIdSchema = z.string().regex(RUN_ID_PATTERN, 'expected a run id like r-0123456789abcdef');

/** `stopped-early`: a sweep's trial that successive halving stopped at a rung (its checkpoint kept) */
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'stopped-early'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINAL_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'stopped-early'];

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
    status: z.enum(['succeeded', 'cancelled', 'stopped-early']),
    steps: z.number().int().min(0),
    resumedFromStep: z.number().int().min(0).nullable(),
  })
  .strict();
export type TrainJobResult = z.infer<typeof TrainJobResultSchema>;

/** The prepare job of a run: its job id is `prepareJobIdFor(runId)`. */
export const PrepareJobDataSchema = z
  .object({
    runId: RunIdSchema,
    /** the dataset to prepare, and the seed of its splits (the run's data seed) */
    task: TaskConfigSchema,
    seed: z.number().int().min(0).max(2 ** 31 - 1),
  })
  .strict();
export type PrepareJobData = z.infer<typeof PrepareJobDataSchema>;

export const PrepareJobResultSchema = z
  .object({
    /** SHA-256 of the stored bytes */
    datasetId: z.string().regex(/^[0-9a-f]{64}$/),
    /** false: it was prepared before (by this run's earlier attempt or another run) */
    created: z.boolean(),
  })
  .strict();
export type PrepareJobResult = z.infer<typeof PrepareJobResultSchema>;

export const prepareJobIdFor = (runId: string) => `${runId}-prepare`;

/** Evaluation ids: `e-` and 16 hex digits (content-addressed over run, split and dataset). */
export const EVALUATION_ID_PATTERN = /^e-[0-9a-f]{16}$/;

/** Score a finished run's model on a split of its data or of another dataset of the same kind. */
export const EvaluateJobDataSchema = z
  .object({
    evaluationId: z.string().regex(EVALUATION_ID_PATTERN, 'expected an evaluation id like e-0123456789abcdef'),
    runId: RunIdSchema,
    split: z.enum(['train', 'val', 'test']),
    /** null: the run's own task */
    task: TaskConfigSchema.nullable(),
    /** data seed of `task` (null: the run's) */
    seed: z.number().int().min(0).max(2 ** 31 - 1).nullable(),
  })
  .strict();
export type EvaluateJobData = z.infer<typeof EvaluateJobDataSchema>;
export type EvaluateJobDataInput = z.input<typeof EvaluateJobDataSchema>;

/** Progress a sandboxed training child reports to its worker (BullMQ job progress), about once a second. */
export const TrainProgressSchema = z.object({
  step: z.number().int().min(0),
  totalSteps: z.number().int().min(1),
  loss: z.number().nullable(),
  tokensPerS: z.number(),
  lr: z.number().optional(),
  gradNorm: z.number().optional(),
  /** when the worker sent it (ms since the epoch): what the dashboard measures its event latency from */
  at: z.number().optional(),
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

/**
 * How many times workers may refuse a run (not enough memory there) before it fails. It fails
 * sooner when every live worker has refused it.
 */
export const MAX_RUN_REFUSALS = 50;

/** Redis pub/sub channel that relays a cancel request to whichever worker runs the run. */
export const CANCEL_CHANNEL = 'rnnlab:cancel';

/** `rnnlab submit` as a request: one run, outside any experiment. */
export const PlanRunRequestSchema = z
  .object({
    kind: z.literal('run'),
    config: RunConfigSchema,
    /** 0..100, higher runs sooner */
    priority: z.number().int().min(0).max(100).default(50),
    /** the engine the run asks for (`auto`: each worker picks its fastest); the memory check follows it */
    engine: z.enum(['auto', 'native', 'tfjs']).default('auto'),
  })
  .strict();
export type PlanRunRequest = z.infer<typeof PlanRunRequestSchema>;

/**
 * `rnnlab sweep` as a request: the trials of a grid or of seeded random draws over run options,
 * written as on the command line (`lr=1e-3,3e-3 hidden=64,128`), optionally under successive halving.
 */
export const PlanSweepRequestSchema = z
  .object({
    kind: z.literal('sweep'),
    /** every trial's config before its options are applied */
    base: RunConfigSchema,
    search: z
      .object({
        mode: z.enum(['grid', 'random']),
        /** the axes, as `rnnlab sweep --grid` / `--random` take them */
        text: z.string().trim().min(1).max(4000),
        /** random: how many draws */
        trials: z.number().int().min(1).max(1000).default(16),
        /** random: the seed of the draws (default: the base's seed) */
        seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
      })
      .strict(),
    /** successive halving: the top 1/eta of each rung go on; the first rung at minSteps (default steps / eta^2) */
    asha: z
      .object({ eta: z.number().int().min(2).max(10).default(3), minSteps: z.number().int().min(1).max(10_000_000).optional() })
      .strict()
      .nullable()
      .default(null),
    priority: z.number().int().min(0).max(100).default(50),
  })
  .strict();
export type PlanSweepRequest = z.infer<typeof PlanSweepRequestSchema>;

/**
 * What a plan job plans: one run (`rnnlab submit`), a comparison (`rnnlab compare`), a battery
 * (`rnnlab compare --battery`) or a sweep (`rnnlab sweep`), checked as the CLI checks them. The fields present in the request's
 * run config (`config`, `base`) are the ones the user set, as flags are on the command line: one the
 * run would not use (`task.lag` on the adding problem) is refused, so send only what the user set.
 */
export const PlanRequestSchema = z.discriminatedUnion('kind', [PlanRunRequestSchema, CompareSpecSchema, BatterySpecSchema, PlanSweepRequestSchema]);
export type PlanRequest = z.infer<typeof PlanRequestSchema>;
export type PlanRequestInput = z.input<typeof PlanRequestSchema>;

/** The job id of a plan job is a hash of its request: the same request twice is one job while it lives. */
export const PlanJobDataSchema = z.object({ request: PlanRequestSchema }).strict();
export type PlanJobData = z.infer<typeof PlanJobDataSchema>;
/** what a plan job holds in Redis: the request as it was given (see requestPlan in @rnnlab/queue) */
export type PlanJobDataInput = z.input<typeof PlanJobDataSchema>;

/**
 * A planning error beside the field it is about, for a form: `path` is the run config's own path for
 * its fields (`model.hidden`, `train.lr`, whether the request holds the config as `config` or
 * `base`; the config as a whole is `config` or `base`), the request's key for the others (`cells`,
 * `seeds`, `match`, `lags`, `vary.values`), and '' for the request as a whole.
 */
export const PlanFieldErrorSchema = z.object({ path: z.string().max(200), message: z.string().min(1) }).strict();
export type PlanFieldError = z.infer<typeof PlanFieldErrorSchema>;

/**
 * What a plan job returns. Planning errors are a result, not a failed job: nothing retries them, and
 * the caller gets them by field. `experimentId` is null for a single run; `created` is false when the
 * same request was submitted before (the same experiment or run, nothing new).
 */
export const PlanJobResultSchema = z.discriminatedUnion('ok', [
  z
    .object({
      ok: z.literal(true),
      experimentId: ExperimentIdSchema.nullable(),
      runIds: z.array(RunIdSchema).min(1),
      created: z.boolean(),
      /** the experiment's name, or `<cell> on <task>` for a single run */
      name: z.string().min(1),
    })
    .strict(),
  z.object({ ok: z.literal(false), errors: z.array(PlanFieldErrorSchema).min(1) }).strict(),
]);
export type PlanJobResult = z.infer<typeof PlanJobResultSchema>;
