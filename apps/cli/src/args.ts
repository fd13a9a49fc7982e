/**
 * Argument parsing and validation for every command: one flag table per command, parsed with
 * node:util `parseArgs`, then checked strictly here so that each error names the flag, the allowed
 * values and what was received. Pure (no I/O) so that it can be unit-tested; the commands do the I/O.
 */
import { parseArgs } from 'node:util';
import {
  CELLS,
  CONTEXT_MODES,
  ONE_TO_MANY_MODES,
  ConfigError,
  editDistance,
  OPTIMIZERS,
  SCHEDULES,
  TASKS,
  TOKENIZERS,
  parseRunConfig,
  type RunConfig,
  type RunConfigInput,
  type TokenizerKind,
} from '@rnnlab/contracts';
import { MEMORY_SIZE_FORM, parseMemorySize, type EngineChoice, type SampleOptions } from '@rnnlab/trainer';

/** Bad command-line input: printed as `rnnlab: <message>`, exit code 2, nothing written. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
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

export interface ParsedFlags {
  /** by flag name; only flags present on the command line */
  values: Record<string, FlagValue>;
  positionals: string[];
}

/** The engines a computing command accepts; whether native is built is checked by the command (I/O). */
export const ENGINES = ['auto', 'native', 'tfjs'] as const satisfies readonly EngineChoice[];
/** `rnnlab bench` also times the tf.layers baseline (not an engine: no other command can use it). */
export const BENCH_ENGINES = [...ENGINES, 'tf.layers'] as const;
export type BenchEngine = (typeof BENCH_ENGINES)[number];

const ENGINE_HELP = 'native (fused C++ over OpenBLAS), tfjs, or auto: native when built, else tfjs (see `rnnlab engines`)';
const ENGINE_FLAG: FlagSpec = { name: 'engine', kind: 'enum', values: ENGINES, help: ENGINE_HELP };
const THREADS_FLAG: FlagSpec = {
  name: 'threads',
  kind: 'int',
  min: 'positive',
  max: 256,
  help: 'BLAS threads of the native engine (default: all cores; a worker running N jobs on C cores should use C/N)',
};
const HELP_FLAG: FlagSpec = { name: 'help', kind: 'bool', help: 'show this help' };
const JSON_FLAG: FlagSpec = { name: 'json', kind: 'bool', help: 'machine-readable output' };

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

export const TRAIN_FLAGS: readonly FlagSpec[] = [
  { name: 'config', kind: 'string', arg: 'FILE', help: 'JSON run config; flags override it' },
  ...RUN_CONFIG_FLAGS,
  { name: 'checkpoint-dir', kind: 'string', arg: 'DIR', help: 'write checkpoints here (checked before step 1)' },
  { name: 'resume', kind: 'bool', help: 'continue the run in --checkpoint-dir from its newest valid checkpoint, with its config' },
  { name: 'max-memory', kind: 'string', arg: 'SIZE', help: 'refuse runs estimated to need more memory, e.g. 8G, 512M (default: 80% of the memory available)' },
  JSON_FLAG,
  { name: 'log-every', kind: 'int', min: 'positive', help: 'report every N steps (default: about once a second)' },
  ENGINE_FLAG,
  THREADS_FLAG,
  HELP_FLAG,
];

export const SAMPLE_FLAGS: readonly FlagSpec[] = [
  { name: 'checkpoint', kind: 'string', arg: 'PATH', help: 'checkpoint file or directory (required)' },
  { name: 'prime', kind: 'string', arg: 'TEXT', help: 'language model: text to continue (default: a new line / name); seq2seq: the source (required)' },
  // the bounds repeat the trainer's LM_MAX_LENGTH / MAX_BEAM (sample.ts), which also checks the seq2seq length and top-k against the checkpoint
  { name: 'length', kind: 'int', min: 'positive', max: 100_000, help: 'tokens to generate (language model: default 200, <= 100000); seq2seq: longest output (default 100, <= 1000)' },
  { name: 'temperature', kind: 'number', min: 'positive', help: 'language model only: softmax temperature (default 1)' },
  { name: 'top-k', kind: 'int', min: 'nonneg', max: 1_000_000, help: 'language model only: sample among the k most likely tokens (0: all; <= the vocabulary size)' },
  { name: 'beam', kind: 'int', min: 'positive', max: 64, help: 'seq2seq only: beam width (default 1: greedy; <= 64)' },
  { name: 'category', kind: 'string', arg: 'NAME', help: 'one-to-many (names-by-category) only: what to generate, e.g. female or male' },
  { name: 'count', kind: 'int', min: 'positive', max: 1000, help: 'one-to-many only: how many sequences (default 10)' },
  { name: 'seed', kind: 'int', min: 'nonneg', help: 'sampling seed' },
  ENGINE_FLAG,
  THREADS_FLAG,
  HELP_FLAG,
];

export const VERIFY_FLAGS: readonly FlagSpec[] = [
  ENGINE_FLAG,
  THREADS_FLAG,
  { name: 'tolerance', kind: 'number', min: 'positive', help: 'largest accepted absolute error (default 1e-5)' },
  JSON_FLAG,
  HELP_FLAG,
];

export const DATASETS_FLAGS: readonly FlagSpec[] = [JSON_FLAG, HELP_FLAG];

export const ENGINES_FLAGS: readonly FlagSpec[] = [JSON_FLAG, HELP_FLAG];

export const BENCH_FLAGS: readonly FlagSpec[] = [
  { ...ENGINE_FLAG, values: BENCH_ENGINES, help: `${ENGINE_HELP}; tf.layers: the tf.layers baseline` },
  THREADS_FLAG,
  { name: 'cell', kind: 'enum', values: CELLS, help: 'cell to time (default: the whole matrix)' },
  { name: 'layers', kind: 'int', min: 'positive', max: 16, help: 'stacked layers (default 1)' },
  { name: 'hidden', kind: 'int', min: 'positive', max: 8192, help: 'hidden units H (default 256)' },
  { name: 'batch', kind: 'int', min: 'positive', max: 65_536, help: 'batch B (default 32)' },
  { name: 'seq-len', kind: 'int', min: 'positive', max: 100_000, help: 'time steps T (default 64)' },
  { name: 'vocab', kind: 'int', min: 'positive', max: 1_000_000, help: 'one-hot vocabulary V (default 65)' },
  { name: 'min-time', kind: 'number', min: 'positive', help: 'seconds per timed repetition (default 1)' },
  { name: 'reps', kind: 'int', min: 'positive', max: 1000, help: 'timed repetitions; the median is reported (default 3)' },
  { name: 'sample', kind: 'bool', help: 'time sampling at batch 1 instead (ms/token; LSTM-256 unless --cell/--hidden)' },
  JSON_FLAG,
  HELP_FLAG,
];

export const TOKENIZE_FLAGS: readonly FlagSpec[] = [
  { name: 'tokenizer', kind: 'enum', values: TOKENIZERS, help: 'tokenizer kind (required)' },
  { name: 'vocab-size', kind: 'int', min: 'positive', help: 'vocabulary cap / BPE target size' },
  { name: 'lowercase', kind: 'bool', help: 'lowercase before tokenizing' },
  { name: 'text', kind: 'string', arg: 'TEXT', help: 'text to tokenize' },
  { name: 'file', kind: 'string', arg: 'FILE', help: 'UTF-8 file to tokenize' },
  { name: 'fit-file', kind: 'string', arg: 'FILE', help: 'fit on this UTF-8 file instead of the input' },
  HELP_FLAG,
];

/** The placeholder shown in help for a flag's value. */
export function flagArg(spec: FlagSpec): string {
  if (spec.kind === 'bool') return '';
  if (spec.kind === 'enum') return (spec.values ?? []).join('|');
  if (spec.arg) return spec.arg;
  return spec.kind === 'int' ? 'N' : spec.kind === 'number' ? 'X' : 'VALUE';
}

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

/** Parse one flag value strictly; throws a UsageError naming the flag. */
export function parseFlagValue(spec: FlagSpec, raw: string): FlagValue {
  const bad = () => new UsageError(`--${spec.name}: expected ${describeExpected(spec)}, got ${JSON.stringify(raw)}`);
  switch (spec.kind) {
    case 'string':
      if (raw.length === 0) throw new UsageError(`--${spec.name}: expected a non-empty value, got ""`);
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

/**
 * Parse `argv` against a flag table: unknown flags, missing values, values given to boolean flags
 * and a flag given twice are errors naming the flag.
 */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], opts: { positionals?: boolean } = {}): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const s of specs) options[s.name] = { type: s.kind === 'bool' ? 'boolean' : 'string' };
  // strict: false so that `--lr -0.1` takes "-0.1" as the value and every problem is reported here
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, FlagValue> = {};
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      if (!opts.positionals) throw new UsageError(`unexpected argument ${JSON.stringify(t.value)}`);
      positionals.push(t.value);
      continue;
    }
    const spec = t.rawName.startsWith('--') ? byName.get(t.name) : t.name === 'h' ? HELP_FLAG : undefined;
    if (!spec) {
      const hint = suggest(t.name, specs);
      throw new UsageError(`${t.rawName}: unknown option${hint ? ` (did you mean --${hint}?)` : ''}`);
    }
    if (Object.hasOwn(values, spec.name)) {
      const again = t.value === undefined ? '' : ` (${JSON.stringify(t.value)} after ${JSON.stringify(String(values[spec.name]))})`;
      throw new UsageError(`--${spec.name}: given twice${again}; give it once`);
    }
    if (spec.kind === 'bool') {
      if (t.value !== undefined) throw new UsageError(`--${spec.name}: takes no value, got ${JSON.stringify(t.value)}`);
      values[spec.name] = parseFlagValue(spec, '');
      continue;
    }
    const looksLikeFlag = !t.inlineValue && t.value !== undefined && t.value.startsWith('--') && byName.has(t.value.slice(2).split('=')[0]);
    if (t.value === undefined || looksLikeFlag) {
      throw new UsageError(`--${spec.name}: missing value (expected ${describeExpected(spec)})`);
    }
    values[spec.name] = parseFlagValue(spec, t.value);
  }
  return { values, positionals };
}

/** A likely intended flag: a close spelling (`--hiden`), else a flag the name extends (`--lrate` -> `--lr`). */
function suggest(name: string, specs: readonly FlagSpec[]): string | null {
  let best: string | null = null;
  let bestD = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const s of specs) {
    const d = editDistance(name, s.name);
    if (d < bestD) [best, bestD] = [s.name, d];
  }
  if (best) return best;
  const prefixes = specs.filter((s) => s.name.length >= 2 && name.startsWith(s.name));
  return prefixes.sort((a, b) => b.name.length - a.name.length)[0]?.name ?? null;
}


// ---------------------------------------------------------------- train

export interface TrainArgs {
  /** `--config FILE`, read by the command and passed to `buildRunConfig` */
  configPath?: string;
  /** RunConfig values set by flags, by flag name */
  configFlags: Record<string, FlagValue>;
  checkpointDir?: string;
  resume: boolean;
  /** bytes, from --max-memory */
  maxMemory?: number;
  json: boolean;
  logEvery?: number;
  engine: EngineChoice;
  /** BLAS threads of the native engine; absent: all cores */
  threads?: number;
  help: boolean;
}

export function parseTrainArgs(argv: readonly string[]): TrainArgs {
  const { values: v } = parseFlags(argv, TRAIN_FLAGS);
  if (v['gru-reset-after'] !== undefined && v['gru-reset-before'] !== undefined) {
    throw new UsageError('--gru-reset-after and --gru-reset-before: give at most one of them');
  }
  if (v.resume && v['checkpoint-dir'] === undefined) {
    throw new UsageError('--resume: needs --checkpoint-dir DIR (the directory holding the checkpoints)');
  }
  const configFlags: Record<string, FlagValue> = {};
  for (const s of RUN_CONFIG_FLAGS) if (v[s.name] !== undefined) configFlags[s.name] = v[s.name];
  return {
    configPath: v.config as string | undefined,
    configFlags,
    checkpointDir: v['checkpoint-dir'] as string | undefined,
    resume: v.resume === true,
    maxMemory: v['max-memory'] === undefined ? undefined : parseSize(v['max-memory'] as string, '--max-memory'),
    json: v.json === true,
    logEvery: v['log-every'] as number | undefined,
    engine: (v.engine as EngineChoice | undefined) ?? 'auto',
    threads: v.threads as number | undefined,
    help: v.help === true,
  };
}

/** `8G`, `512M`, `1.5GiB`, `64MB` -> bytes (powers of 1024). */
export function parseSize(raw: string, flag: string): number {
  const bytes = parseMemorySize(raw);
  if (bytes === null) throw new UsageError(`${flag}: expected ${MEMORY_SIZE_FORM}, got ${JSON.stringify(raw)}`);
  return bytes;
}

const FLAG_BY_PATH = new Map<string, FlagSpec>();
for (const s of RUN_CONFIG_FLAGS) if (s.path && !FLAG_BY_PATH.has(s.path)) FLAG_BY_PATH.set(s.path, s);

/** The config paths that flags set (`{ lr: 0.1 }` -> `['train.lr']`). */
export function configPathsOf(configFlags: Record<string, FlagValue>): string[] {
  return RUN_CONFIG_FLAGS.filter((s) => s.path && configFlags[s.name] !== undefined).map((s) => s.path as string);
}

/** `train.lr` -> `--lr`, or null for a path no flag sets. */
export function flagForPath(path: string): string | null {
  const s = FLAG_BY_PATH.get(path);
  return s ? `--${s.name}` : null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Merge flags over an optional config file's content and validate the result with the RunConfig
 * schema. Schema issues are reported under the flag that set the field, or under `configLabel`
 * (e.g. `--config run.json`) for fields that came from the file.
 *
 * @example
 * const cfg = buildRunConfig(parseTrainArgs(['--task', 'adding', '--lr', '0.01']).configFlags);
 * cfg.train.lr; // 0.01
 */
export function buildRunConfig(configFlags: Record<string, FlagValue>, fileConfig?: unknown, configLabel = '--config'): RunConfig {
  if (fileConfig !== undefined && !isPlainObject(fileConfig)) {
    throw new UsageError(`${configLabel}: expected a JSON object (a run config), got ${Array.isArray(fileConfig) ? 'an array' : typeof fileConfig}`);
  }
  // JSON.parse output: a structured clone is a plain copy we may mutate
  const input: Record<string, unknown> = fileConfig ? structuredClone(fileConfig) : {};
  const fromFlags = new Set<string>();
  for (const s of RUN_CONFIG_FLAGS) {
    const value = configFlags[s.name];
    if (value === undefined || !s.path) continue;
    const keys = s.path.split('.');
    let node = input;
    for (const k of keys.slice(0, -1)) {
      if (node[k] === undefined) node[k] = {};
      const next = node[k];
      if (!isPlainObject(next)) throw new UsageError(`${configLabel}: expected "${k}" to be an object, got ${JSON.stringify(next)}`);
      node = next;
    }
    node[keys[keys.length - 1]] = value;
    fromFlags.add(s.path);
  }
  if (input.task === undefined || (isPlainObject(input.task) && input.task.name === undefined)) {
    throw new UsageError(`--task: required, one of ${TASKS.join(', ')}`);
  }
  try {
    return parseRunConfig(input as RunConfigInput);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const source = fileConfig === undefined ? null : configLabel;
    throw new UsageError(err.issues.map((issue) => translateIssue(issue, input, fromFlags, source)).join('\n'));
  }
}

/**
 * `model.hidden: expected an integer from 1 to 8192` -> `--hidden: expected an integer from 1 to 8192, got 9000`;
 * fields set by the file are reported under it by their dotted path, with the flag named.
 */
function translateIssue(issue: string, input: Record<string, unknown>, fromFlags: Set<string>, source: string | null): string {
  const sep = issue.indexOf(': ');
  const path = sep < 0 ? '' : issue.slice(0, sep);
  const message = sep < 0 ? issue : issue.slice(sep + 2);
  const flag = flagForPath(path);
  // the formatter says `got …` itself when zod recorded the value (NaN, Infinity, unknown fields)
  const got = /(^|, )got /.test(message) ? undefined : valueAt(input, path);
  const gotText = got === undefined ? '' : `, got ${got}`;
  if (flag && (fromFlags.has(path) || source === null)) return `${flag}: ${message}${gotText}`;
  const where = source === null ? '' : `${source}: `;
  return `${where}${path || '(root)'}: ${message}${gotText}${flag ? ` (flag ${flag})` : ''}`;
}

/** The value at a dotted path as a message shows it (`9000`, `"cnn"`, `an array`), or undefined when absent. */
function valueAt(root: Record<string, unknown>, path: string): string | undefined {
  let node: unknown = root;
  for (const k of path.split('.')) {
    if (!isPlainObject(node) || !Object.hasOwn(node, k)) return undefined;
    node = node[k];
  }
  if (Array.isArray(node)) return 'an array';
  if (typeof node === 'object' && node !== null) return 'an object';
  // a 5000-character string says nothing more than its first 40 and its length
  if (typeof node === 'string' && node.length > 40) return `${JSON.stringify(node.slice(0, 40))}… (${node.length} characters)`;
  return JSON.stringify(node);
}

// ---------------------------------------------------------------- sample

/** The trainer's SampleOptions, with the engine always chosen. */
export interface SampleArgs extends Omit<SampleOptions, 'engine'> {
  engine: EngineChoice;
  help: boolean;
}

export function parseSampleArgs(argv: readonly string[]): SampleArgs {
  const { values: v } = parseFlags(argv, SAMPLE_FLAGS);
  if (v.help) return { checkpoint: '', engine: 'auto', help: true };
  if (v.checkpoint === undefined) throw new UsageError('--checkpoint: required (a checkpoint file or directory)');
  return {
    checkpoint: v.checkpoint as string,
    prime: v.prime as string | undefined,
    length: v.length as number | undefined,
    temperature: v.temperature as number | undefined,
    topK: v['top-k'] as number | undefined,
    beam: v.beam as number | undefined,
    category: v.category as string | undefined,
    count: v.count as number | undefined,
    seed: v.seed as number | undefined,
    engine: (v.engine as EngineChoice | undefined) ?? 'auto',
    threads: v.threads as number | undefined,
    help: false,
  };
}

// ---------------------------------------------------------------- verify

export interface VerifyArgs {
  files: string[];
  tolerance: number;
  json: boolean;
  engine: EngineChoice;
  threads?: number;
  help: boolean;
}

export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  const { values: v, positionals } = parseFlags(argv, VERIFY_FLAGS, { positionals: true });
  return {
    // none: the fixtures bundled with @rnnlab/models
    files: positionals,
    tolerance: (v.tolerance as number | undefined) ?? 1e-5,
    json: v.json === true,
    engine: (v.engine as EngineChoice | undefined) ?? 'auto',
    threads: v.threads as number | undefined,
    help: v.help === true,
  };
}

// ---------------------------------------------------------------- bench

export interface BenchArgs {
  engine: BenchEngine;
  threads?: number;
  /** absent: run the standard matrix */
  cell?: (typeof CELLS)[number];
  layers?: number;
  hidden?: number;
  batch: number;
  seqLen: number;
  vocab: number;
  minTime: number;
  reps: number;
  /** time sampling latency instead of training */
  sample: boolean;
  json: boolean;
  help: boolean;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values: v } = parseFlags(argv, BENCH_FLAGS);
  if (v.cell === undefined && v.sample !== true) {
    const orphan = ['layers', 'hidden'].find((f) => v[f] !== undefined);
    if (orphan) throw new UsageError(`--${orphan}: needs --cell C (without --cell the whole matrix runs), got --${orphan} ${String(v[orphan])}`);
  }
  return {
    engine: (v.engine as BenchEngine | undefined) ?? 'auto',
    threads: v.threads as number | undefined,
    cell: v.cell as BenchArgs['cell'],
    layers: v.layers as number | undefined,
    hidden: v.hidden as number | undefined,
    batch: (v.batch as number | undefined) ?? 32,
    seqLen: (v['seq-len'] as number | undefined) ?? 64,
    vocab: (v.vocab as number | undefined) ?? 65,
    minTime: (v['min-time'] as number | undefined) ?? 1,
    reps: (v.reps as number | undefined) ?? 3,
    sample: v.sample === true,
    json: v.json === true,
    help: v.help === true,
  };
}

// ---------------------------------------------------------------- datasets

/** Commands whose only flags are --json and --help (datasets, engines). */
export interface ListArgs {
  json: boolean;
  help: boolean;
}
export type DatasetsArgs = ListArgs;

function parseListArgs(argv: readonly string[], flags: readonly FlagSpec[]): ListArgs {
  const { values: v } = parseFlags(argv, flags);
  return { json: v.json === true, help: v.help === true };
}

export function parseDatasetsArgs(argv: readonly string[]): DatasetsArgs {
  return parseListArgs(argv, DATASETS_FLAGS);
}

// ---------------------------------------------------------------- engines

export type EnginesArgs = ListArgs;

export function parseEnginesArgs(argv: readonly string[]): EnginesArgs {
  return parseListArgs(argv, ENGINES_FLAGS);
}

// ---------------------------------------------------------------- tokenize

export interface TokenizeArgs {
  tokenizer: TokenizerKind;
  vocabSize?: number;
  lowercase: boolean;
  /** exactly one of text / file */
  text?: string;
  file?: string;
  fitFile?: string;
  help: boolean;
}

export function parseTokenizeArgs(argv: readonly string[]): TokenizeArgs {
  const { values: v } = parseFlags(argv, TOKENIZE_FLAGS);
  if (v.help) return { tokenizer: 'char', lowercase: false, help: true };
  if (v.tokenizer === undefined) throw new UsageError(`--tokenizer: required, one of ${TOKENIZERS.join(', ')}`);
  if ((v.text === undefined) === (v.file === undefined)) {
    throw new UsageError('--text / --file: give exactly one of them (the input to tokenize)');
  }
  return {
    tokenizer: v.tokenizer as TokenizerKind,
    vocabSize: v['vocab-size'] as number | undefined,
    lowercase: v.lowercase === true,
    text: v.text as string | undefined,
    file: v.file as string | undefined,
    fitFile: v['fit-file'] as string | undefined,
    help: false,
  };
}
