/**
 * Flags of `rnnlab sweep`: train options for every trial, the search (`--grid` or `--random` with
 * `--trials`), and successive halving (`--asha`, `--eta`, `--min-steps`).
 */
import { parseFlags, RUN_CONFIG_FLAGS, UsageError, type FlagSpec, type FlagValue } from './args';
import { parseGrid, parseRandom, type SweepAxis } from '@rnnlab/planner';

export const SWEEP_FLAGS: readonly FlagSpec[] = [
  { name: 'config', kind: 'string', arg: 'FILE', help: "JSON run config (every trial's); flags override it" },
  ...RUN_CONFIG_FLAGS,
  { name: 'grid', kind: 'string', arg: 'AXES', help: "every combination, e.g. 'lr=1e-3,3e-3 hidden=64,128'" },
  { name: 'random', kind: 'string', arg: 'AXES', help: "seeded draws, e.g. 'lr=loguniform(1e-4,1e-2) hidden=int(32,256) cell=rnn,lstm,gru'" },
  { name: 'trials', kind: 'int', min: 'positive', max: 1000, help: 'with --random: how many draws (default 16)' },
  { name: 'sweep-seed', kind: 'int', min: 'nonneg', help: 'with --random: seed of the draws (default --seed)' },
  { name: 'asha', kind: 'bool', help: 'successive halving: at each rung only the top 1/eta of the trials that reached it go on' },
  { name: 'eta', kind: 'int', min: 'positive', max: 10, help: 'with --asha: the reduction factor (default 3)' },
  { name: 'min-steps', kind: 'int', min: 'positive', help: 'with --asha: the first rung (default steps / eta^2); rungs at min-steps * eta^k' },
  { name: 'priority', kind: 'int', min: 'nonneg', max: 100, help: 'higher runs sooner (0-100, default 50)' },
  { name: 'wait', kind: 'bool', help: 'wait for the report and print it' },
  { name: 'timeout', kind: 'number', min: 'positive', help: 'with --wait: give up after this many seconds (default 3600; exit 1)' },
  { name: 'json', kind: 'bool', help: 'machine-readable output' },
  { name: 'help', kind: 'bool', help: 'show this help' },
];

export interface SweepArgs {
  configPath?: string;
  configFlags: Record<string, FlagValue>;
  mode: 'grid' | 'random';
  text: string;
  axes: SweepAxis[];
  trials: number;
  sweepSeed?: number;
  asha: { eta: number; minSteps?: number } | null;
  priority: number;
  wait: boolean;
  timeoutS: number;
  json: boolean;
  help: boolean;
}

export function parseSweepArgs(argv: readonly string[]): SweepArgs {
  const { values: v } = parseFlags(argv, SWEEP_FLAGS);
  const help = v.help === true;
  const configFlags: Record<string, FlagValue> = {};
  for (const s of RUN_CONFIG_FLAGS) if (v[s.name] !== undefined) configFlags[s.name] = v[s.name];
  if (!help && (v.grid === undefined) === (v.random === undefined)) throw new UsageError("sweep: give one of --grid 'lr=1e-3,3e-3 …' or --random 'lr=loguniform(1e-4,1e-2) …'");
  if (v.grid !== undefined && (v.trials !== undefined || v['sweep-seed'] !== undefined)) throw new UsageError('--trials and --sweep-seed: only with --random (a grid runs every combination)');
  if (v.asha !== true && (v.eta !== undefined || v['min-steps'] !== undefined)) throw new UsageError('--eta and --min-steps: only with --asha');
  if (v.eta !== undefined && (v.eta as number) < 2) throw new UsageError(`--eta: expected an integer from 2 to 10, got ${String(v.eta)}`);
  const mode = v.grid !== undefined ? 'grid' : 'random';
  const text = ((v.grid ?? v.random ?? '') as string).trim();
  const axes = help ? [] : mode === 'grid' ? parseGrid(text) : parseRandom(text);
  for (const a of axes) {
    if (configFlags[a.flag] !== undefined) throw new UsageError(`--${a.flag}: also an axis of --${mode}; give it in one place`);
  }
  return {
    configPath: v.config as string | undefined,
    configFlags,
    mode,
    text,
    axes,
    trials: (v.trials as number | undefined) ?? 16,
    sweepSeed: v['sweep-seed'] as number | undefined,
    asha: v.asha === true ? { eta: (v.eta as number | undefined) ?? 3, minSteps: v['min-steps'] as number | undefined } : null,
    priority: (v.priority as number | undefined) ?? 50,
    wait: v.wait === true,
    timeoutS: (v.timeout as number | undefined) ?? 3600,
    json: v.json === true,
    help,
  };
}
