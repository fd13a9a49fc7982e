/**
 * Experiments: many runs that answer one question. A comparison trains every cell of `cells` with
 * `seeds` seeds on the same data (one data seed), then a report job summarises them with statistics.
 * The experiment id is content-addressed over the spec, like run ids: the same comparison submitted
 * twice is one experiment.
 */
import { z } from 'zod';
import { CELLS, RunConfigSchema } from './run-config';

export const EXPERIMENT_ID_PATTERN = /^x-[0-9a-f]{16}$/;
export const ExperimentIdSchema = z.string().regex(EXPERIMENT_ID_PATTERN, 'expected an experiment id like x-0123456789abcdef');

export const MATCH_MODES = ['hidden', 'params'] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

export const CompareSpecSchema = z
  .object({
    kind: z.literal('compare'),
    /** every run's config but the cell (and, with match `params`, the hidden size); its seed is the first seed */
    base: RunConfigSchema,
    cells: z
      .array(z.enum(CELLS))
      .min(1)
      .max(CELLS.length)
      .refine((c) => new Set(c).size === c.length, 'expected each cell once'),
    /** seeds base.seed, base.seed + 1, … */
    seeds: z.number().int().min(1).max(20),
    /** `hidden`: one hidden size for every cell; `params`: each cell's hidden size chosen for equal parameter counts */
    match: z.enum(MATCH_MODES),
    /** 0..100, higher runs sooner */
    priority: z.number().int().min(0).max(100).default(50),
    /** a comparison over a model option too: one group per cell and value, e.g. context last,transform,attention */
    vary: z
      .object({
        flag: z.string().min(1).max(64),
        path: z.string().regex(/^model\.[A-Za-z]+$/, 'expected a model option path like model.context'),
        values: z
          .array(z.union([z.string().max(64), z.number().finite(), z.boolean()]))
          .min(2)
          .max(12)
          .refine((v) => new Set(v).size === v.length, 'expected each value once'),
      })
      .strict()
      .optional(),
  })
  .strict();
export type CompareSpec = z.infer<typeof CompareSpecSchema>;
export type CompareSpecInput = z.input<typeof CompareSpecSchema>;

/** The report job of an experiment: job id `<experiment id>-report`. */
export const ReportJobDataSchema = z.object({ experimentId: ExperimentIdSchema }).strict();
export type ReportJobData = z.infer<typeof ReportJobDataSchema>;
export const reportJobIdFor = (experimentId: string) => `${experimentId}-report`;

/** A mean with its 95% confidence interval over seeds (Student t); null bounds for one seed. */
export interface MeanCi {
  n: number;
  mean: number;
  low: number | null;
  high: number | null;
}

export interface CellSummary {
  cell: string;
  hidden: number;
  params: number;
  runs: number;
  succeeded: number;
  /** every final metric (the val split), mean and CI over the seeds that succeeded */
  metrics: Record<string, MeanCi>;
  /** test-split metrics likewise */
  test: Record<string, MeanCi>;
  tokensPerS: MeanCi | null;
  wallS: MeanCi | null;
  /** seeds that met the task's "solved" criterion */
  solved: number;
}

export interface PairwiseTest {
  a: string;
  b: string;
  metric: string;
  test: 'welch' | 'permutation';
  /** `log`: the test compared log(metric) (every value positive), else the values themselves */
  scale: 'log' | 'linear';
  p: number;
  /** Holm-adjusted over the report's pairs */
  pAdjusted: number;
  /** mean(a) - mean(b) */
  meanDiff: number;
}

/** Per cell: the primary validation metric against step, mean and band (mean ± sd) over seeds. */
export interface CellCurve {
  cell: string;
  steps: number[];
  mean: number[];
  low: number[];
  high: number[];
}

export interface ExperimentReport {
  experimentId: string;
  kind: 'compare';
  task: string;
  /** the metric the verdict is about, and whether lower is better */
  metric: string;
  lowerIsBetter: boolean;
  /** how "solved" is decided, in words, e.g. `mse below a tenth of the mean predictor's (0.0167)` */
  solvedRule: string;
  cells: CellSummary[];
  pairwise: PairwiseTest[];
  verdict: string;
  curves: CellCurve[];
  /** runs that did not succeed, with why */
  failures: { runId: string; cell: string; seed: number; status: string; reason: string | null }[];
  createdAt: number;
}
