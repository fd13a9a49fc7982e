/**
 * Flags of the fleet commands (submit, runs, show, wait, cancel, retry, fleet), parsed with the same
 * strict parser as every other command.
 */
import { BATTERY_TASKS, CELLS, ExperimentIdSchema, type BatteryTask, MATCH_MODES, RUN_STATUSES, RunIdSchema, type CellKind, type MatchMode, type RunStatus } from '@rnnlab/contracts';
import { parseFlags, parseFlagValue, RUN_CONFIG_FLAGS, UsageError, type FlagSpec, type FlagValue } from './args';

const JSON_FLAG: FlagSpec = { name: 'json', kind: 'bool', help: 'machine-readable output' };
const HELP_FLAG: FlagSpec = { name: 'help', kind: 'bool', help: 'show this help' };

export const SUBMIT_FLAGS: readonly FlagSpec[] = [
  { name: 'config', kind: 'string', arg: 'FILE', help: 'JSON run config; flags override it' },
  ...RUN_CONFIG_FLAGS,
  { name: 'priority', kind: 'int', min: 'nonneg', max: 100, help: 'higher runs sooner (0-100, default 50)' },
  { name: 'engine', kind: 'enum', values: ['auto', 'native', 'tfjs'], help: 'engine the worker uses (auto: its fastest)' },
  { name: 'max-memory', kind: 'string', arg: 'SIZE', help: 'refuse the run when estimated to need more, e.g. 8G (default: the 4 GB a WebAssembly heap holds)' },
  JSON_FLAG,
  HELP_FLAG,
];
export const RUNS_FLAGS: readonly FlagSpec[] = [
  { name: 'status', kind: 'enum', values: RUN_STATUSES, help: 'only runs in this state' },
  { name: 'experiment', kind: 'string', arg: 'ID', help: 'only runs of this experiment' },
  { name: 'limit', kind: 'int', min: 'positive', max: 10_000, help: 'at most this many (default 50), newest first' },
  JSON_FLAG,
  HELP_FLAG,
];
export const SHOW_FLAGS: readonly FlagSpec[] = [JSON_FLAG, HELP_FLAG];
export const WAIT_FLAGS: readonly FlagSpec[] = [
  { name: 'timeout', kind: 'number', min: 'positive', help: 'give up after this many seconds (exit 1)' },
  JSON_FLAG,
  HELP_FLAG,
];
export const CANCEL_FLAGS: readonly FlagSpec[] = [JSON_FLAG, HELP_FLAG];
export const FLEET_FLAGS: readonly FlagSpec[] = [JSON_FLAG, HELP_FLAG];
/**
 * Presets: comparisons whose outcome is known, as flag defaults (flags given override them).
 * `seed-claim`: the adding problem at T = 50, where gates decide it: over seeds 1-3 the vanilla RNN
 * stays at the mean predictor's MSE (0.17) while LSTM and GRU get below 0.001 (about 30 s on 2 workers).
 */
const CLAIM_TRAINING: Record<string, FlagValue> = { hidden: 64, batch: 64, steps: 2000, lr: 0.003, clip: 1, 'eval-every': 250, cells: 'rnn,lstm,gru', seeds: 3 };
export const COMPARE_PRESETS: Record<string, Record<string, FlagValue>> = {
  'seed-claim': { task: 'adding', 'seq-len': 50, ...CLAIM_TRAINING },
  /** the same training at T = 10, 25, 50, 100: the RNN solves the short ones, the gated cells all */
  horizon: { battery: 'adding', lags: '10,25,50,100', ...CLAIM_TRAINING },
};
const BATTERY_LAG_FLAGS: Record<BatteryTask, string> = { adding: 'seq-len', copy: 'lag' };

export const COMPARE_FLAGS: readonly FlagSpec[] = [
  { name: 'preset', kind: 'enum', values: Object.keys(COMPARE_PRESETS), help: 'a comparison with a known outcome: seed-claim (RNN fails the adding problem at T = 50; LSTM and GRU solve it), horizon (the adding battery at T = 10..100)' },
  { name: 'battery', kind: 'enum', values: BATTERY_TASKS, help: 'a memory-horizon battery: the comparison at every --lags (adding: sequence length; copy: delay)' },
  { name: 'lags', kind: 'string', arg: 'LIST', help: 'with --battery: the lags, ascending, comma-separated, e.g. 25,50,100,200' },
  { name: 'config', kind: 'string', arg: 'FILE', help: 'JSON run config (every run\'s, but the cell); flags override it' },
  ...RUN_CONFIG_FLAGS.filter((f) => f.name !== 'cell'),
  { name: 'cells', kind: 'string', arg: 'LIST', help: 'the cells to compare, comma-separated (default rnn,lstm,gru)' },
  { name: 'seeds', kind: 'int', min: 'positive', max: 20, help: 'seeds per cell: --seed, --seed + 1, … (default 3)' },
  { name: 'match', kind: 'enum', values: MATCH_MODES, help: 'hidden: one --hidden for all (default); params: each cell sized to the same parameter count' },
  { name: 'priority', kind: 'int', min: 'nonneg', max: 100, help: 'higher runs sooner (0-100, default 50)' },
  { name: 'wait', kind: 'bool', help: 'wait for the report and print it' },
  { name: 'timeout', kind: 'number', min: 'positive', help: 'with --wait: give up after this many seconds (default 3600; exit 1)' },
  JSON_FLAG,
  HELP_FLAG,
];

export interface CompareArgs {
  /** a model option given a list (`--context last,attention`): the comparison has a group per value */
  vary?: { flag: string; path: string; values: FlagValue[] };
  /** a battery: the task and its lags */
  battery?: { task: BatteryTask; lags: number[] };
  configPath?: string;
  configFlags: Record<string, FlagValue>;
  cells: CellKind[];
  seeds: number;
  match: MatchMode;
  priority: number;
  wait: boolean;
  timeoutS: number;
  json: boolean;
  help: boolean;
}

/** model options a comparison can vary by giving them a list (every `--X` whose field is under `model.`, but the cell) */
const VARIABLE_FLAGS = RUN_CONFIG_FLAGS.filter((f) => f.path?.startsWith('model.') && f.kind !== 'bool' && f.name !== 'cell');

/** take `--X a,b,c` of a variable model option out of argv: the comparison's variant axis */
function splitVary(argv: readonly string[]): { rest: string[]; vary?: CompareArgs['vary'] } {
  const rest: string[] = [];
  let vary: CompareArgs['vary'];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(argv[i]);
    const spec = m ? VARIABLE_FLAGS.find((f) => f.name === m[1]) : undefined;
    const raw = m && spec ? (m[2] ?? argv[i + 1]) : undefined;
    if (!spec || raw === undefined || !raw.includes(',')) {
      rest.push(argv[i]);
      continue;
    }
    if (m?.[2] === undefined) i++;
    if (vary) throw new UsageError(`--${spec.name} ${raw}: a comparison varies one model option besides the cell (already --${vary.flag})`);
    const values = raw.split(',').map((x) => parseFlagValue(spec, x.trim()));
    if (new Set(values).size !== values.length) throw new UsageError(`--${spec.name}: each value once, got ${JSON.stringify(raw)}`);
    if (values.length > 12) throw new UsageError(`--${spec.name}: at most 12 values, got ${values.length}`);
    vary = { flag: spec.name, path: spec.path as string, values };
  }
  return { rest, vary };
}

export function parseCompareArgs(argv: readonly string[]): CompareArgs {
  const { rest, vary } = splitVary(argv);
  const { values: given } = parseFlags(rest, COMPARE_FLAGS);
  const v: Record<string, FlagValue> = { ...(given.preset === undefined ? {} : COMPARE_PRESETS[given.preset as string]), ...given };
  const configFlags: Record<string, FlagValue> = {};
  for (const s of RUN_CONFIG_FLAGS) if (v[s.name] !== undefined) configFlags[s.name] = v[s.name];
  const battery = parseBattery(v, given, configFlags);
  const raw = (v.cells as string | undefined) ?? 'rnn,lstm,gru';
  const cells = raw.split(',').map((c) => c.trim()).filter(Boolean);
  const bad = cells.filter((c) => !(CELLS as readonly string[]).includes(c));
  if (bad.length || cells.length === 0) throw new UsageError(`--cells: expected a comma-separated list of ${CELLS.join(', ')}, got ${JSON.stringify(raw)}`);
  if (new Set(cells).size !== cells.length) throw new UsageError(`--cells: each cell once, got ${JSON.stringify(raw)}`);
  if (vary?.flag === 'hidden' && v.match === 'params') throw new UsageError('--hidden with a list: --match params chooses the hidden sizes itself; use --match hidden');
  if (vary && battery) throw new UsageError(`--${vary.flag} with a list: a battery compares cells only`);
  return {
    vary,
    battery,
    configPath: v.config as string | undefined,
    configFlags,
    cells: cells as CellKind[],
    seeds: (v.seeds as number | undefined) ?? 3,
    match: (v.match as MatchMode | undefined) ?? 'hidden',
    priority: (v.priority as number | undefined) ?? 50,
    wait: v.wait === true,
    timeoutS: (v.timeout as number | undefined) ?? 3600,
    json: v.json === true,
    help: v.help === true,
  };
}

/** --battery and --lags: the battery's task goes into the config; its lag flag is the battery's to set */
function parseBattery(v: Record<string, FlagValue>, given: Record<string, FlagValue>, configFlags: Record<string, FlagValue>): CompareArgs['battery'] {
  if (v.battery === undefined) {
    if (v.lags !== undefined) throw new UsageError('--lags: only with --battery adding|copy');
    return undefined;
  }
  const task = v.battery as BatteryTask;
  if (given.task !== undefined && given.task !== task) throw new UsageError(`--task ${String(given.task)}: a battery of ${task} trains ${task} (leave --task out)`);
  const lagFlag = BATTERY_LAG_FLAGS[task];
  if (given[lagFlag] !== undefined) throw new UsageError(`--${lagFlag}: a battery of ${task} sets it from --lags`);
  delete configFlags[lagFlag];
  configFlags.task = task;
  const raw = v.lags as string | undefined;
  if (raw === undefined) throw new UsageError(`--battery ${task}: give the lags, e.g. --lags 25,50,100,200`);
  const lags = raw.split(',').map((x) => x.trim());
  const nums = lags.map(Number);
  if (lags.length < 2 || nums.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000)) {
    throw new UsageError(`--lags: expected at least two comma-separated integers from 1 to 100000, got ${JSON.stringify(raw)}`);
  }
  if (nums.some((n, i) => i > 0 && n <= nums[i - 1])) throw new UsageError(`--lags: expected ascending lags, each once, got ${JSON.stringify(raw)}`);
  if (nums.length > 12) throw new UsageError(`--lags: at most 12 lags, got ${nums.length}`);
  return { task, lags: nums };
}

export const REPORT_FLAGS: readonly FlagSpec[] = [
  { name: 'markdown', kind: 'bool', help: 'print the report as Markdown' },
  JSON_FLAG,
  HELP_FLAG,
];

export function parseReportArgs(argv: readonly string[]): { id: string; markdown: boolean; json: boolean; help: boolean } {
  const { values: v, positionals } = parseFlags(argv, REPORT_FLAGS, { positionals: true });
  const help = v.help === true;
  if (!help && positionals.length !== 1) throw new UsageError(`report: expected one experiment id (printed by \`rnnlab compare\`), got ${positionals.length}`);
  if (!help && !ExperimentIdSchema.safeParse(positionals[0]).success) throw new UsageError(`report: expected an experiment id like x-0123456789abcdef, got ${JSON.stringify(positionals[0])}`);
  if (v.markdown === true && v.json === true) throw new UsageError('report: --markdown and --json: give one of them');
  return { id: positionals[0], markdown: v.markdown === true, json: v.json === true, help };
}

/** the dataset flags `evaluate` takes: the task's fields (not the task itself) and the data seed */
export const EVALUATE_DATASET_FLAGS: readonly FlagSpec[] = RUN_CONFIG_FLAGS.filter((f) => f.path === 'dataSeed' || (f.path?.startsWith('task.') && f.path !== 'task.name'));
export const EVALUATE_FLAGS: readonly FlagSpec[] = [
  { name: 'split', kind: 'enum', values: ['train', 'val', 'test'], help: 'which split to score (default test)' },
  ...EVALUATE_DATASET_FLAGS,
  { name: 'detach', kind: 'bool', help: 'queue it and print its id without waiting for the result' },
  { name: 'timeout', kind: 'number', min: 'positive', help: 'give up waiting after this many seconds (default 600; exit 1)' },
  JSON_FLAG,
  HELP_FLAG,
];
/** the dashboard's port and address (`rnnlab dashboard`, `rnnlab up`) */
export const DASHBOARD_FLAGS: readonly FlagSpec[] = [
  { name: 'port', kind: 'int', min: 'positive', max: 65_535, help: 'port of the dashboard (default 3000; `rnnlab up` takes a free one when 3000 is taken)' },
  { name: 'host', kind: 'string', help: 'address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for a team, with RNNLAB_AUTH=required)' },
];

export const UP_FLAGS: readonly FlagSpec[] = [
  { name: 'demo', kind: 'bool', help: 'also submit the main job (GRU, adding problem, T = 50) and print its result' },
  { name: 'no-dashboard', kind: 'bool', help: 'do not serve the dashboard' },
  ...DASHBOARD_FLAGS,
  HELP_FLAG,
];

export const DASHBOARD_COMMAND_FLAGS: readonly FlagSpec[] = [...DASHBOARD_FLAGS, HELP_FLAG];

export interface SubmitArgs {
  configPath?: string;
  configFlags: Record<string, FlagValue>;
  priority?: number;
  engine: 'auto' | 'native' | 'tfjs';
  maxMemory?: string;
  json: boolean;
  help: boolean;
}

export function parseSubmitArgs(argv: readonly string[]): SubmitArgs {
  const { values: v } = parseFlags(argv, SUBMIT_FLAGS);
  const configFlags: Record<string, FlagValue> = {};
  for (const s of RUN_CONFIG_FLAGS) if (v[s.name] !== undefined) configFlags[s.name] = v[s.name];
  return {
    configPath: v.config as string | undefined,
    configFlags,
    priority: v.priority as number | undefined,
    engine: (v.engine as SubmitArgs['engine'] | undefined) ?? 'auto',
    maxMemory: v['max-memory'] as string | undefined,
    json: v.json === true,
    help: v.help === true,
  };
}

export interface RunsArgs {
  status?: RunStatus;
  experiment?: string;
  limit: number;
  json: boolean;
  help: boolean;
}

export function parseRunsArgs(argv: readonly string[]): RunsArgs {
  const { values: v } = parseFlags(argv, RUNS_FLAGS);
  return { status: v.status as RunStatus | undefined, experiment: v.experiment as string | undefined, limit: (v.limit as number | undefined) ?? 50, json: v.json === true, help: v.help === true };
}

export interface IdsArgs {
  ids: string[];
  timeoutS?: number;
  json: boolean;
  help: boolean;
}

/** Commands that take run ids as positionals (show, wait, cancel, retry). */
export function parseIdsArgs(argv: readonly string[], flags: readonly FlagSpec[], command: string, opts: { many: boolean; experiments?: boolean }): IdsArgs {
  const { values: v, positionals } = parseFlags(argv, flags, { positionals: true });
  const help = v.help === true;
  const what = opts.experiments ? 'a run or experiment id' : 'a run id';
  if (!help && positionals.length === 0) throw new UsageError(`${command}: expected ${opts.many ? 'one or more run ids' : what} (see \`rnnlab runs\`)`);
  if (!opts.many && positionals.length > 1) throw new UsageError(`${command}: expected one id, got ${positionals.length}`);
  for (const id of positionals) {
    const ok = RunIdSchema.safeParse(id).success || (opts.experiments === true && ExperimentIdSchema.safeParse(id).success);
    if (!ok) throw new UsageError(`${command}: expected ${what} like r-0123456789abcdef${opts.experiments ? ' or x-0123456789abcdef' : ''}, got ${JSON.stringify(id)}`);
  }
  return { ids: positionals, timeoutS: v.timeout as number | undefined, json: v.json === true, help };
}

export function parseFleetArgs(argv: readonly string[]): { json: boolean; help: boolean } {
  const { values: v } = parseFlags(argv, FLEET_FLAGS);
  return { json: v.json === true, help: v.help === true };
}

export interface EvaluateArgs {
  runId: string;
  split: 'train' | 'val' | 'test';
  datasetFlags: Record<string, FlagValue>;
  detach: boolean;
  timeoutS: number;
  json: boolean;
  help: boolean;
}

export function parseEvaluateArgs(argv: readonly string[]): EvaluateArgs {
  const { values: v, positionals } = parseFlags(argv, EVALUATE_FLAGS, { positionals: true });
  const help = v.help === true;
  if (!help && positionals.length !== 1) throw new UsageError(`evaluate: expected one run id (see \`rnnlab runs\`), got ${positionals.length}`);
  if (!help && !RunIdSchema.safeParse(positionals[0]).success) throw new UsageError(`evaluate: expected a run id like r-0123456789abcdef, got ${JSON.stringify(positionals[0])}`);
  const datasetFlags: Record<string, FlagValue> = {};
  for (const s of EVALUATE_DATASET_FLAGS) if (v[s.name] !== undefined) datasetFlags[s.name] = v[s.name];
  return {
    runId: positionals[0],
    split: (v.split as EvaluateArgs['split'] | undefined) ?? 'test',
    datasetFlags,
    detach: v.detach === true,
    timeoutS: (v.timeout as number | undefined) ?? 600,
    json: v.json === true,
    help,
  };
}
