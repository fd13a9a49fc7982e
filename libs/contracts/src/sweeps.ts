/**
 * Sweeps: trials over train options (a grid, or seeded random draws), optionally under
 * asynchronous successive halving (ASHA): at each rung step a trial goes on only when it is in the
 * top 1/eta of the trials that reached that rung so far; the others stop as `stopped-early`.
 */
import { z } from 'zod';
import { RunConfigSchema } from './run-config';

export const AshaSchema = z
  .object({
    /** reduction factor: the top 1/eta of a rung go on */
    eta: z.number().int().min(2).max(10),
    /** rung steps: minSteps * eta^k below the runs' step count */
    rungs: z.array(z.number().int().min(1)).min(1).max(30),
  })
  .strict();
export type Asha = z.infer<typeof AshaSchema>;

export const SweepSpecSchema = z
  .object({
    kind: z.literal('sweep'),
    /** every trial's config before its options are applied */
    base: RunConfigSchema,
    search: z
      .object({
        mode: z.enum(['grid', 'random']),
        /** as given, e.g. `lr=1e-3,3e-3 hidden=64,128` */
        text: z.string().min(1).max(4000),
        /** random: how many draws, and their seed */
        trials: z.number().int().min(1).max(1000),
        seed: z.number().int().min(0).max(2 ** 31 - 1),
      })
      .strict(),
    /** the options varied: their flags and config paths */
    axes: z.array(z.object({ flag: z.string().min(1).max(64), path: z.string().min(1).max(64) }).strict()).min(1).max(20),
    asha: AshaSchema.nullable(),
    priority: z.number().int().min(0).max(100).default(50),
  })
  .strict();
export type SweepSpec = z.infer<typeof SweepSpecSchema>;

export interface SweepTrial {
  runId: string;
  /** 1 = best */
  rank: number;
  /** flag -> value of the options varied */
  options: Record<string, string | number | boolean>;
  status: string;
  /** the step it stopped at when successive halving stopped it */
  stoppedAt: number | null;
  /** the final validation metric (lower is better), null when the run did not finish */
  value: number | null;
  wallS: number | null;
}

export interface SweepReport {
  experimentId: string;
  kind: 'sweep';
  task: string;
  metric: string;
  mode: 'grid' | 'random';
  /** ranked: trials that went furthest first, then by their metric */
  trials: SweepTrial[];
  best: SweepTrial | null;
  asha: (Asha & { stopped: number; perRung: { step: number; reached: number; continued: number }[] }) | null;
  /** from the first trial's start to the last one's end */
  wallS: number | null;
  verdict: string;
  createdAt: number;
}
