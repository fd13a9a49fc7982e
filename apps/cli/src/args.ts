/**
 * Argument parsing and validation for every command: one flag table per command, parsed with
 * node:util `parseArgs`, then checked strictly here so that each error names the flag, the allowed
 * values and what was received. Pure (no I/O) so that it can be unit-tested; the commands do the I/O.
 */
import { parseArgs } from 'node:util';
import {
  CELLS,
  ConfigError,
  describeExpected,
  editDistance,
  flagForPath,
  OptionError,
  parseFlagValue,
  RUN_CONFIG_FLAGS,
  TASKS,
  TOKENIZERS,
  parseRunConfig,
  type FlagSpec,
  type FlagValue,
  type RunConfig,
  type RunConfigInput,
  type TokenizerKind,
} from '@rnnlab/contracts';
import { withOptions } from '@rnnlab/planner';
import { MEMORY_SIZE_FORM, parseMemorySize, type EngineChoice, type SampleOptions } from '@rnnlab/trainer';

/** Bad command-line input: printed as `rnnlab: <message>`, exit code 2, nothing written. */
export { OptionError as UsageError };
/** the option table and value parsing live in @rnnlab/contracts (a sweep's axes and the dashboard read them too) */
export { describeExpected, flagForPath, parseFlagValue, RUN_CONFIG_FLAGS };
export type { FlagKind, FlagSpec, FlagValue } from '@rnnlab/contracts';

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
      if (!opts.positionals) throw new OptionError(`unexpected argument ${JSON.stringify(t.value)}`);
      positionals.push(t.value);
      continue;
    }
    const spec = t.rawName.startsWith('--') ? byName.get(t.name) : t.name === 'h' ? HELP_FLAG : undefined;
    if (!spec) {
      const hint = suggest(t.name, specs);
      throw new OptionError(`${t.rawName}: unknown option${hint ? ` (did you mean --${hint}?)` : ''}`);
    }
    if (Object.hasOwn(values, spec.name)) {
      const again = t.value === undefined ? '' : ` (${JSON.stringify(t.value)} after ${JSON.stringify(String(values[spec.name]))})`;
      throw new OptionError(`--${spec.name}: given twice${again}; give it once`);
    }
    if (spec.kind === 'bool') {
      if (t.value !== undefined) throw new OptionError(`--${spec.name}: takes no value, got ${JSON.stringify(t.value)}`);
      values[spec.name] = parseFlagValue(spec, '');
      continue;
    }
    const looksLikeFlag = !t.inlineValue && t.value !== undefined && t.value.startsWith('--') && byName.has(t.value.slice(2).split('=')[0]);
    if (t.value === undefined || looksLikeFlag) {
      throw new OptionError(`--${spec.name}: missing value (expected ${describeExpected(spec)})`);
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
    throw new OptionError('--gru-reset-after and --gru-reset-before: give at most one of them');
  }
  if (v.resume && v['checkpoint-dir'] === undefined) {
    throw new OptionError('--resume: needs --checkpoint-dir DIR (the directory holding the checkpoints)');
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
  if (bytes === null) throw new OptionError(`${flag}: expected ${MEMORY_SIZE_FORM}, got ${JSON.stringify(raw)}`);
  return bytes;
}

/** The config paths that flags set (`{ lr: 0.1 }` -> `['train.lr']`). */
export function configPathsOf(configFlags: Record<string, FlagValue>): string[] {
  return RUN_CONFIG_FLAGS.filter((s) => s.path && configFlags[s.name] !== undefined).map((s) => s.path as string);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Flags merged over an optional config file's content, not yet validated: the fields the user set,
 * as a plan request sends them to a remote dashboard (whose planner reads the fields present as set).
 */
export function runConfigInput(configFlags: Record<string, FlagValue>, fileConfig?: unknown, configLabel = '--config'): { input: Record<string, unknown>; fromFlags: Set<string> } {
  if (fileConfig !== undefined && !isPlainObject(fileConfig)) {
    throw new OptionError(`${configLabel}: expected a JSON object (a run config), got ${Array.isArray(fileConfig) ? 'an array' : typeof fileConfig}`);
  }
  const input = withOptions(fileConfig, configFlags, configLabel);
  const fromFlags = new Set(configPathsOf(configFlags));
  return { input, fromFlags };
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
  const { input, fromFlags } = runConfigInput(configFlags, fileConfig, configLabel);
  if (input.task === undefined || (isPlainObject(input.task) && input.task.name === undefined)) {
    throw new OptionError(`--task: required, one of ${TASKS.join(', ')}`);
  }
  try {
    return parseRunConfig(input as RunConfigInput);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const source = fileConfig === undefined ? null : configLabel;
    throw new OptionError(err.issues.map((issue) => translateIssue(issue, input, fromFlags, source)).join('\n'));
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
  if (v.checkpoint === undefined) throw new OptionError('--checkpoint: required (a checkpoint file or directory)');
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
    if (orphan) throw new OptionError(`--${orphan}: needs --cell C (without --cell the whole matrix runs), got --${orphan} ${String(v[orphan])}`);
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
  if (v.tokenizer === undefined) throw new OptionError(`--tokenizer: required, one of ${TOKENIZERS.join(', ')}`);
  if ((v.text === undefined) === (v.file === undefined)) {
    throw new OptionError('--text / --file: give exactly one of them (the input to tokenize)');
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
