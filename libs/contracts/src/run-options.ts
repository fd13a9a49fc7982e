/**
 * The run options: one per RunConfig field, named after the field in kebab-case (`--lr` sets
 * `train.lr`), with the strict parsing of one value. The CLI's flags, a sweep's axes (`lr=1e-3,3e-3`)
 * and the dashboard's sweep form all read options through this table, so that a value is refused the
 * same way everywhere, naming the option, what it takes and what it got.
 */
import { CELLS, CONTEXT_MODES, ONE_TO_MANY_MODES, OPTIMIZERS, SCHEDULES, TASKS, TOKENIZERS } from './run-config';

/**
 * Bad input of an option: the CLI prints it as `rnnlab: <message>` with exit code 2 (as its
 * UsageError), a plan request answers it by field. Nothing is written.
 */
export class OptionError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'OptionError';
  }
}

export type FlagKind = 'number' | 'int' | 'string' | 'bool' | 'enum';
export type FlagValue = string | number | boolean;

export interface FlagSpec {
  /** kebab-case name without the leading `--` */
  name: string;
  kind: FlagKind;
  /** dotted RunConfig path the flag sets (`train.lr`); absent for CLI-only flags */
  path?: string;
  /** enum: the allowed values */
  values?: readonly string[];
  /** number/int: lower bound checked while parsing */
  min?: 'positive' | 'nonneg';
  /** number/int: upper bound checked while parsing (for CLI-only flags; RunConfig bounds come from its schema) */
  max?: number;
  /** bool: the value written to `path` when the flag is present (default true) */
  set?: boolean;
  /** placeholder in help, e.g. `N`, `PATH` */
  arg?: string;
  help: string;
}

/** One flag per RunConfig field, named after the field in kebab-case. */
export const RUN_CONFIG_FLAGS: readonly FlagSpec[] = [
  { name: 'seed', kind: 'int', min: 'nonneg', path: 'seed', help: 'random seed (data, init, dropout)' },
  { name: 'data-seed', kind: 'int', min: 'nonneg', path: 'dataSeed', help: 'seed of the data alone (splits, fixed eval sets); default: --seed' },
  // task
  { name: 'task', kind: 'enum', values: TASKS, path: 'task.name', help: 'task / dataset to train on' },
  { name: 'seq-len', kind: 'int', min: 'positive', path: 'task.seqLen', help: 'sequence length: adding T; reverse, cmudict: longest string; spam: tokens kept; names, text: BPTT window' },
  { name: 'lag', kind: 'int', min: 'nonneg', path: 'task.lag', help: 'copy task: blank steps before recall' },
  { name: 'size', kind: 'int', min: 'positive', path: 'task.size', help: 'generated training examples' },
  { name: 'path', kind: 'string', arg: 'FILE', path: 'task.path', help: 'UTF-8 text file for --task text' },
  { name: 'upload', kind: 'string', arg: 'ID', path: 'task.upload', help: 'for --task text instead of --path: a dataset uploaded on the dashboard (its id, 64 hex digits; fleet commands only)' },
  { name: 'tokenizer', kind: 'enum', values: TOKENIZERS, path: 'task.tokenizer', help: 'tokenizer for text tasks' },
  { name: 'vocab-size', kind: 'int', min: 'positive', path: 'task.vocabSize', help: 'BPE target / word vocabulary cap' },
  { name: 'lowercase', kind: 'bool', path: 'task.lowercase', help: 'lowercase text before tokenizing' },
  { name: 'digits', kind: 'int', min: 'positive', path: 'task.digits', help: 'addition: digits per operand' },
  { name: 'val-fraction', kind: 'number', min: 'nonneg', path: 'task.valFraction', help: 'held-out validation fraction' },
  { name: 'test-fraction', kind: 'number', min: 'nonneg', path: 'task.testFraction', help: 'held-out test fraction' },
  // model
  { name: 'cell', kind: 'enum', values: CELLS, path: 'model.cell', help: 'recurrent cell' },
  { name: 'layers', kind: 'int', min: 'positive', path: 'model.layers', help: 'stacked recurrent layers' },
  { name: 'hidden', kind: 'int', min: 'positive', path: 'model.hidden', help: 'hidden units H per layer' },
  { name: 'dropout', kind: 'number', min: 'nonneg', path: 'model.dropout', help: 'dropout between layers (0: off)' },
  { name: 'gru-reset-after', kind: 'bool', set: true, path: 'model.gruResetAfter', help: 'GRU reset gate after the matmul (PyTorch)' },
  { name: 'gru-reset-before', kind: 'bool', set: false, path: 'model.gruResetAfter', help: 'GRU reset gate before the matmul (Cho et al. 2014)' },
  { name: 'nonlinearity', kind: 'enum', values: ['tanh', 'relu'], path: 'model.nonlinearity', help: 'Elman RNN nonlinearity' },
  { name: 'init', kind: 'enum', values: ['orthogonal', 'uniform'], path: 'model.init', help: 'weight init: orthogonal W_hh, or PyTorch-style uniform ±1/√H' },
  { name: 'forget-bias', kind: 'number', path: 'model.forgetBias', help: 'added to the LSTM forget-gate bias at init' },
  { name: 'embed', kind: 'int', min: 'nonneg', path: 'model.embed', help: 'token embedding size (0: one-hot)' },
  { name: 'context', kind: 'enum', values: CONTEXT_MODES, path: 'model.context', help: 'encoder-decoder context' },
  { name: 'one-to-many', kind: 'enum', values: ONE_TO_MANY_MODES, path: 'model.oneToMany', help: 'one-to-many (names-by-category): the category at the first step only, or at every step (default every)' },
  // train
  { name: 'batch', kind: 'int', min: 'positive', path: 'train.batch', help: 'sequences per batch B' },
  { name: 'steps', kind: 'int', min: 'positive', path: 'train.steps', help: 'optimizer steps' },
  { name: 'lr', kind: 'number', min: 'positive', path: 'train.lr', help: 'learning rate' },
  { name: 'optimizer', kind: 'enum', values: OPTIMIZERS, path: 'train.optimizer', help: 'optimizer' },
  { name: 'momentum', kind: 'number', min: 'nonneg', path: 'train.momentum', help: 'SGD / RMSprop momentum' },
  { name: 'beta1', kind: 'number', min: 'nonneg', path: 'train.beta1', help: 'Adam beta1' },
  { name: 'beta2', kind: 'number', min: 'nonneg', path: 'train.beta2', help: 'Adam beta2' },
  { name: 'eps', kind: 'number', min: 'positive', path: 'train.eps', help: 'Adam / RMSprop epsilon' },
  { name: 'weight-decay', kind: 'number', min: 'nonneg', path: 'train.weightDecay', help: 'L2 weight decay' },
  { name: 'clip', kind: 'number', min: 'nonneg', path: 'train.clip', help: 'gradient clipping threshold (0: off)' },
  { name: 'clip-mode', kind: 'enum', values: ['norm', 'value'], path: 'train.clipMode', help: 'clip by global norm or by value' },
  { name: 'tbptt', kind: 'int', min: 'nonneg', path: 'train.tbptt', help: 'truncated-BPTT window k (0: full BPTT)' },
  { name: 'schedule', kind: 'enum', values: SCHEDULES, path: 'train.schedule', help: 'learning-rate schedule' },
  { name: 'warmup', kind: 'int', min: 'nonneg', path: 'train.warmup', help: 'linear warm-up steps' },
  { name: 'step-size', kind: 'int', min: 'positive', path: 'train.stepSize', help: 'step schedule: steps per decay' },
  { name: 'gamma', kind: 'number', min: 'positive', path: 'train.gamma', help: 'step schedule: decay factor' },
  { name: 'teacher-forcing', kind: 'number', min: 'nonneg', path: 'train.teacherForcing', help: 'seq2seq teacher forcing ratio' },
  { name: 'eval-every', kind: 'int', min: 'nonneg', path: 'train.evalEvery', help: 'validate every N steps (0: at the end)' },
  { name: 'eval-batches', kind: 'int', min: 'positive', path: 'train.evalBatches', help: 'batches per validation' },
  { name: 'diag-every', kind: 'int', min: 'nonneg', path: 'train.diagEvery', help: 'diagnostics every N steps (0: never)' },
  { name: 'checkpoint-every', kind: 'int', min: 'nonneg', path: 'train.checkpointEvery', help: 'checkpoint every N steps (0: at the end)' },
  { name: 'patience', kind: 'int', min: 'nonneg', path: 'train.patience', help: 'early stopping patience in evals (0: off)' },
];

/** What a number flag accepts, in words: `a positive number`, `an integer >= 0`. */
export function describeExpected(spec: FlagSpec): string {
  if (spec.kind === 'enum') return `one of ${(spec.values ?? []).join(', ')}`;
  const atMost = spec.max === undefined ? '' : ` <= ${spec.max}`;
  if (spec.kind === 'int') {
    return (spec.min === 'positive' ? 'a positive integer' : spec.min === 'nonneg' ? 'an integer >= 0' : 'an integer') + atMost;
  }
  if (spec.kind === 'number') {
    return (spec.min === 'positive' ? 'a positive number' : spec.min === 'nonneg' ? 'a number >= 0' : 'a number') + atMost;
  }
  return 'a value';
}

// decimal with optional fraction and exponent; rejects "", "1e", "0x10", "NaN", "Infinity", "1_000"
const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parse one flag value strictly; throws an OptionError naming the flag. */
export function parseFlagValue(spec: FlagSpec, raw: string): FlagValue {
  const bad = () => new OptionError(`--${spec.name}: expected ${describeExpected(spec)}, got ${JSON.stringify(raw)}`);
  switch (spec.kind) {
    case 'string':
      if (raw.length === 0) throw new OptionError(`--${spec.name}: expected a non-empty value, got ""`);
      return raw;
    case 'bool':
      return spec.set ?? true;
    case 'enum':
      if ((spec.values ?? []).includes(raw)) return raw;
      throw bad();
    case 'number':
    case 'int': {
      if (!NUMBER_RE.test(raw)) throw bad();
      const v = Number(raw);
      if (!Number.isFinite(v)) throw bad();
      if (spec.kind === 'int' && !Number.isSafeInteger(v)) throw bad();
      if (spec.min === 'positive' && !(v > 0)) throw bad();
      if (spec.min === 'nonneg' && !(v >= 0)) throw bad();
      if (spec.max !== undefined && v > spec.max) throw bad();
      return Object.is(v, -0) ? 0 : v;
    }
  }
}

const FLAG_BY_PATH = new Map<string, FlagSpec>();
for (const s of RUN_CONFIG_FLAGS) if (s.path && !FLAG_BY_PATH.has(s.path)) FLAG_BY_PATH.set(s.path, s);

/** `train.lr` -> `--lr`, or null for a path no flag sets. */
export function flagForPath(path: string): string | null {
  const s = FLAG_BY_PATH.get(path);
  return s ? `--${s.name}` : null;
}
