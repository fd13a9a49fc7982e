/**
 * The run configuration: one zod schema shared by the CLI, the trainer, workers and the dashboard.
 * Every number is bounded so that absurd values fail validation with a field-level message
 * instead of exhausting memory later.
 */
import { z } from 'zod';
import { UploadIdSchema } from './uploads';
import { formatZodIssue } from './zod-issues';

export const CELLS = ['rnn', 'lstm', 'gru'] as const;
export type CellKind = (typeof CELLS)[number];

/** Built-in tasks. `text` reads a local UTF-8 file (`task.path`) or an uploaded dataset (`task.upload`). */
export const TASKS = ['adding', 'copy', 'reverse', 'addition', 'names', 'names-by-category', 'cmudict', 'spam', 'text'] as const;
export type TaskName = (typeof TASKS)[number];

/**
 * What a task asks of a model:
 * - regression: many-to-one, real-valued target (adding problem)
 * - classification: many-to-one, class label (spam)
 * - lm: aligned many-to-many next-token prediction (names, text)
 * - tagging: aligned many-to-many labels (copy-memory)
 * - seq2seq: encoder–decoder (reversal, integer addition, grapheme-to-phoneme)
 * - generation: one-to-many, a sequence from one input (a first name from its category)
 */
export const TASK_KINDS = ['regression', 'classification', 'lm', 'tagging', 'seq2seq', 'generation'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TOKENIZERS = ['char', 'word', 'bpe'] as const;
export type TokenizerKind = (typeof TOKENIZERS)[number];

export const OPTIMIZERS = ['sgd', 'adam', 'rmsprop'] as const;
export type OptimizerKind = (typeof OPTIMIZERS)[number];

export const SCHEDULES = ['constant', 'step', 'cosine'] as const;
export type ScheduleKind = (typeof SCHEDULES)[number];

/** How an encoder–decoder hands the source to the decoder. */
export const CONTEXT_MODES = ['last', 'transform', 'attention'] as const;
export type ContextMode = (typeof CONTEXT_MODES)[number];

/** One-to-many: input only at the first step, or the same input at every step. */
export const ONE_TO_MANY_MODES = ['first', 'every'] as const;
export type OneToManyMode = (typeof ONE_TO_MANY_MODES)[number];

const posInt = (max: number) => z.number().int().min(1).max(max);
const finite = z.number().finite();

export const TaskConfigSchema = z
  .object({
    /** which dataset/task to train on */
    name: z.enum(TASKS),
    /** sequence length T for synthetic tasks (adding: T steps; copy: total length is lag + 2*memorize+1) */
    seqLen: posInt(100_000).default(50),
    /** copy-memory: number of blank steps between the symbols and the recall marker */
    lag: z.number().int().min(0).max(100_000).default(20),
    /** number of examples generated for synthetic tasks (train split; val/test are a tenth each) */
    size: posInt(10_000_000).default(20_000),
    /** local text file for task `text` (exclusive with `upload`) */
    path: z.string().min(1).max(4096).optional(),
    /** task `text`: an uploaded dataset, by its id (the SHA-256 of its text); exclusive with `path` */
    upload: UploadIdSchema.optional(),
    /** tokenizer for text tasks */
    tokenizer: z.enum(TOKENIZERS).default('char'),
    /** target vocabulary size for BPE / vocabulary cap for word tokenizers */
    vocabSize: posInt(1_000_000).default(2000),
    /** lowercase text before tokenizing */
    lowercase: z.boolean().default(false),
    /** addition: maximum number of digits per operand */
    digits: posInt(18).default(3),
    /** fraction of examples held out for validation and for test */
    valFraction: z.number().min(0).max(0.5).default(0.1),
    testFraction: z.number().min(0).max(0.5).default(0.1),
  })
  .strict()
  .superRefine((t, ctx) => {
    // the text task reads exactly one source; other tasks' stray fields are the applicability check's
    if (t.path !== undefined && t.upload !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['upload'], message: 'give task.upload or task.path, not both (one is the text of an upload, the other a local file)' });
    } else if (t.name === 'text' && t.path === undefined && t.upload === undefined) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'required for task text: task.path (a local UTF-8 file) or task.upload (the id of an uploaded dataset)' });
    }
  });
export type TaskConfig = z.infer<typeof TaskConfigSchema>;

export const ModelConfigSchema = z
  .object({
    /** recurrent cell family */
    cell: z.enum(CELLS).default('lstm'),
    /** stacked recurrent layers */
    layers: posInt(16).default(1),
    /** hidden units H per layer */
    hidden: posInt(8192).default(64),
    /** dropout between stacked layers (and before the head); 0 disables it */
    dropout: z.number().min(0).max(0.95).default(0),
    /** GRU form: true = reset-after (PyTorch, Keras 2), false = reset-before (Cho et al. 2014) */
    gruResetAfter: z.boolean().default(true),
    /** Elman RNN nonlinearity */
    nonlinearity: z.enum(['tanh', 'relu']).default('tanh'),
    /**
     * weight initialization. orthogonal: Glorot-uniform W_ih, an orthogonal block per gate in W_hh,
     * zero biases (keeps ||W_hh|| at 1 initially). uniform: PyTorch's nn.RNN/LSTM/GRU default, every
     * weight and bias U(−1/√H, 1/√H) — use it (with --forget-bias 0) to compare with PyTorch runs.
     */
    init: z.enum(['orthogonal', 'uniform']).default('orthogonal'),
    /** added to the LSTM forget-gate bias at init (1 helps gradients flow early in training, Jozefowicz et al. 2015) */
    forgetBias: finite.min(-10).max(10).default(1),
    /** token embedding size; 0 means one-hot input of size V */
    embed: z.number().int().min(0).max(8192).default(0),
    /** encoder–decoder context vector */
    context: z.enum(CONTEXT_MODES).default('last'),
    /**
     * one-to-many (names-by-category): the category is the input at the first step only, or at
     * every step; absent means `every` (kept absent so that other runs' configs, and ids, do not change)
     */
    oneToMany: z.enum(ONE_TO_MANY_MODES).optional(),
  })
  .strict();
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

export const TrainConfigSchema = z
  .object({
    /** sequences per batch B */
    batch: posInt(65_536).default(64),
    /** optimizer steps */
    steps: posInt(100_000_000).default(1000),
    /** learning rate */
    lr: finite.gt(0).max(100).default(1e-3),
    optimizer: z.enum(OPTIMIZERS).default('adam'),
    /** SGD momentum / RMSprop momentum */
    momentum: finite.min(0).max(0.999999).default(0.9),
    /** Adam betas and epsilon */
    beta1: finite.min(0).max(0.999999).default(0.9),
    beta2: finite.min(0).max(0.999999999).default(0.999),
    eps: finite.gt(0).max(1).default(1e-8),
    /** L2 weight decay (decoupled for Adam) */
    weightDecay: finite.min(0).max(1).default(0),
    /** gradient clipping threshold; 0 disables clipping */
    clip: finite.min(0).max(1e6).default(0),
    /** clip by global L2 norm (default) or element-wise by value */
    clipMode: z.enum(['norm', 'value']).default('norm'),
    /** truncated-BPTT window k in steps; 0 = back-propagate through the whole sequence */
    tbptt: z.number().int().min(0).max(100_000).default(0),
    schedule: z.enum(SCHEDULES).default('constant'),
    /** linear warm-up steps before the schedule */
    warmup: z.number().int().min(0).max(100_000_000).default(0),
    /** step schedule: multiply lr by gamma every stepSize steps */
    stepSize: posInt(100_000_000).default(1000),
    gamma: finite.gt(0).max(1).default(0.5),
    /** teacher forcing ratio for seq2seq decoders (1 = always feed the true previous token) */
    teacherForcing: z.number().min(0).max(1).default(1),
    /** validate every N steps (0: only at the end) */
    evalEvery: z.number().int().min(0).max(100_000_000).default(250),
    /** batches used per validation pass */
    evalBatches: posInt(10_000).default(8),
    /** diagnostics every N steps on a fixed probe batch (0: never) */
    diagEvery: z.number().int().min(0).max(100_000_000).default(250),
    /** checkpoint every N steps when a checkpoint directory is set (0: only at the end) */
    checkpointEvery: z.number().int().min(0).max(100_000_000).default(500),
    /** early stopping: stop after this many evaluations without improvement (0: never) */
    patience: z.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type TrainConfig = z.infer<typeof TrainConfigSchema>;

export const RunConfigSchema = z
  .object({
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    /**
     * seed of the data (splits, fixed val/test sets, synthetic pools); default: `seed`. Runs that
     * share it share their data, so a comparison over seeds varies only the init and the shuffling.
     */
    dataSeed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    task: TaskConfigSchema,
    model: ModelConfigSchema.default(() => ModelConfigSchema.parse({})),
    train: TrainConfigSchema.default(() => TrainConfigSchema.parse({})),
  })
  .strict();
export type RunConfig = z.infer<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;

/** The seed a run's data is prepared with. */
export const dataSeedOf = (config: Pick<RunConfig, 'seed' | 'dataSeed'>): number => config.dataSeed ?? config.seed;

/**
 * One readable line per problem: `model.hidden: expected an integer from 1 to 8192` (plus
 * `, got …` when the parse ran with `reportInput: true`). `schema` is the schema whose parse failed:
 * its fields' full constraints describe each issue (default RunConfigSchema; pass e.g.
 * TaskConfigSchema when formatting that schema's error).
 */
export function formatZodIssues(error: z.ZodError, schema: z.ZodType = RunConfigSchema): string[] {
  // built only on failure; `io: 'input'` so that fields with defaults are described as accepted
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return error.issues.map((i) => formatZodIssue(i, root));
}

/** Parse a run config or throw an error whose message lists every bad field. */
export function parseRunConfig(input: unknown): RunConfig {
  const r = RunConfigSchema.safeParse(input);
  if (!r.success) throw new ConfigError(formatZodIssues(r.error));
  return r.data;
}

/** Bad configuration: never retried, shown to the user as-is. */
export class ConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
