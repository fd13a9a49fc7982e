/**
 * The search specifications of `rnnlab sweep`: `--grid 'lr=1e-3,3e-3 hidden=64,128'` (every
 * combination) and `--random 'lr=loguniform(1e-4,1e-2) hidden=int(32,256) cell=rnn,lstm,gru'`
 * (seeded draws), parsed into axes and expanded into the flag values of each trial. Each value is
 * checked against its flag here, so that a bad axis fails before any trial starts.
 */
import { editDistance, OptionError, parseFlagValue, RUN_CONFIG_FLAGS, type FlagSpec, type FlagValue } from '@rnnlab/contracts';
import { Rng } from '@rnnlab/random';

export interface SweepAxis {
  /** flag name without `--`, e.g. `lr` */
  flag: string;
  /** a list: every value in a grid, one uniform choice per trial in a random search */
  values?: FlagValue[];
  /** a distribution (random search only); `integer`: draws are rounded, the flag takes integers */
  dist?: { kind: 'uniform' | 'loguniform' | 'int'; low: number; high: number; integer?: boolean };
}

type Source = '--grid' | '--random';
const DIST_KINDS = ['uniform', 'loguniform', 'int'] as const;
const MAX_GRID_TRIALS = 1000;
const GRID_FORM = 'NAME=V1,V2,… separated by spaces, e.g. lr=1e-3,3e-3 hidden=64,128';
const RANDOM_FORM = 'NAME=uniform(A,B), NAME=loguniform(A,B) (A > 0), NAME=int(A,B) or NAME=V1,V2,…, separated by spaces';

/**
 * `--grid 'lr=1e-3,3e-3 hidden=64,128'`: every combination, in order (the last axis varies fastest).
 *
 * @example
 * gridTrials(parseGrid('lr=1e-3,3e-3 hidden=64,128')).length; // 4
 */
export function parseGrid(raw: string, flags: readonly FlagSpec[] = RUN_CONFIG_FLAGS): SweepAxis[] {
  const axes = parseAxes(raw, flags, '--grid', (spec, text, where) => {
    if (/^\w+\(/.test(text)) throw new OptionError(`${where}: a grid takes a list V1,V2,…; distributions belong in --random`);
    return { values: parseList(spec, text, where) };
  });
  const count = axes.reduce((n, a) => n * (a.values?.length ?? 0), 1);
  if (count > MAX_GRID_TRIALS) {
    const sizes = axes.map((a) => `${a.flag} ${a.values?.length}`).join(' × ');
    throw new OptionError(`--grid: ${count} combinations (${sizes}), at most ${MAX_GRID_TRIALS}; shorten an axis or use --random`);
  }
  return axes;
}

/**
 * `--random 'lr=loguniform(1e-4,1e-2) hidden=int(32,256) cell=rnn,lstm,gru'`: distributions for
 * number and int flags, lists for any flag. Both ends of a distribution must be valid flag values.
 */
export function parseRandom(raw: string, flags: readonly FlagSpec[] = RUN_CONFIG_FLAGS): SweepAxis[] {
  return parseAxes(raw, flags, '--random', (spec, text, where) => {
    const numeric = spec.kind === 'number' || spec.kind === 'int';
    const call = /^(\w+)\(/.exec(text);
    // `path=run(1).txt` is a string value, not a call: only number flags and known kinds read as one
    if (call && (numeric || isDistKind(call[1]))) return { dist: parseDist(spec, text, where) };
    return { values: parseList(spec, text, where) };
  });
}

/** The trials of a grid: one Record<flag, value> per combination, the last axis varying fastest. */
export function gridTrials(axes: SweepAxis[]): Record<string, FlagValue>[] {
  let trials: Record<string, FlagValue>[] = [{}];
  for (const axis of axes) {
    const values = axis.values;
    if (!values) throw new RangeError(`expected a list of values for axis ${axis.flag} in gridTrials(), got a distribution`);
    trials = trials.flatMap((t) => values.map((v) => ({ ...t, [axis.flag]: v })));
  }
  return trials;
}

/**
 * `trials` draws from `new Rng(seed)`, axis by axis: uniform(a,b); loguniform(a,b), uniform in log
 * space; int(a,b), both ends included; a list, a uniform choice. Identical draws are kept (the
 * caller de-duplicates).
 */
export function randomTrials(axes: SweepAxis[], trials: number, seed: number): Record<string, FlagValue>[] {
  if (!Number.isSafeInteger(trials) || trials < 0) throw new RangeError(`expected trials to be an integer >= 0 in randomTrials(), got ${trials}`);
  const rng = new Rng(seed);
  return Array.from({ length: trials }, () => Object.fromEntries(axes.map((a) => [a.flag, draw(a, rng)])));
}

function draw(axis: SweepAxis, rng: Rng): FlagValue {
  if (axis.values) return axis.values[rng.int(axis.values.length)];
  if (!axis.dist) throw new RangeError(`expected values or dist for axis ${axis.flag} in randomTrials(), got neither`);
  const { kind, low, high, integer } = axis.dist;
  if (kind === 'int') return low + rng.int(high - low + 1);
  const v = kind === 'uniform' ? rng.uniform(low, high) : Math.exp(rng.uniform(Math.log(low), Math.log(high)));
  // exp(log(high)) may land a rounding error past high; the ends were checked against the flag's bounds
  return Math.min(high, Math.max(low, integer ? Math.round(v) : v));
}

// ---------------------------------------------------------------- parsing

type ParseSpec = (spec: FlagSpec, text: string, where: string) => Omit<SweepAxis, 'flag'>;

/** Split into `name=spec` axes, resolve and de-duplicate the names, and parse each spec. */
function parseAxes(raw: string, flags: readonly FlagSpec[], source: Source, parseSpec: ParseSpec): SweepAxis[] {
  const form = source === '--grid' ? GRID_FORM : RANDOM_FORM;
  // whitespace separates axes, but not inside parentheses: `loguniform(1e-4, 1e-2)` is one axis
  const tokens = raw.match(/(?:\([^)]*\)|\S)+/g) ?? [];
  if (tokens.length === 0) throw new OptionError(`${source}: expected at least one axis ${form}, got ${JSON.stringify(raw)}`);
  const byKey = new Map<string, string>();
  return tokens.map((token) => {
    const where = `${source} ${token}`;
    const eq = token.indexOf('=');
    if (eq < 1) throw new OptionError(`${where}: expected ${form}`);
    const name = token.slice(0, eq);
    const text = token.slice(eq + 1);
    const spec = flags.find((f) => f.name === name);
    if (!spec) throw new OptionError(`${source}: unknown option ${JSON.stringify(name)} (options: ${nearest(name, flags)})`);
    // gru-reset-after and gru-reset-before set one field: two axes on it would contradict each other
    const key = spec.path ?? spec.name;
    const previous = byKey.get(key);
    if (previous === name) throw new OptionError(`${source}: ${name} given twice; give each option once`);
    if (previous) throw new OptionError(`${source}: ${previous} and ${name} both set ${key}; give one of them`);
    byKey.set(key, name);
    if (text.length === 0) throw new OptionError(`${where}: missing values; expected ${form}`);
    return { flag: name, ...parseSpec(spec, text, where) };
  });
}

/** `64,128` -> [64, 128], each value checked by its flag; the same value twice is an error. */
function parseList(spec: FlagSpec, text: string, where: string): FlagValue[] {
  const values = text.split(',').map((raw) => within(where, () => parseValue(spec, raw)));
  const twice = values.find((v, i) => values.indexOf(v) !== i);
  if (twice !== undefined) throw new OptionError(`${where}: ${JSON.stringify(twice)} given twice; give each value once`);
  return values;
}

/**
 * parseFlagValue, but a boolean flag takes `true` (as if given) or `false` (as if turned off),
 * where parseFlagValue would return the flag's set value whatever the text, `false` included.
 */
function parseValue(spec: FlagSpec, raw: string): FlagValue {
  if (spec.kind !== 'bool') return parseFlagValue(spec, raw);
  const on = spec.set ?? true;
  if (raw === 'true' || raw === 'false') return raw === 'true' ? on : !on;
  throw new OptionError(`--${spec.name}: expected true or false, got ${JSON.stringify(raw)}`);
}

/** `loguniform(1e-4,1e-2)` -> { kind, low, high }, with both ends valid values of the flag. */
function parseDist(spec: FlagSpec, text: string, where: string): SweepAxis['dist'] {
  const fail = (why: string) => new OptionError(`${where}: ${why}; expected ${RANDOM_FORM}`);
  const m = /^(\w+)\((.*)\)$/s.exec(text);
  if (!m) throw fail('expected a closing ")" at the end');
  const kind = m[1];
  if (!isDistKind(kind)) throw fail(`unknown distribution ${JSON.stringify(kind)}`);
  if (spec.kind !== 'number' && spec.kind !== 'int') {
    throw new OptionError(`${where}: distributions are only for number flags; --${spec.name} takes a list V1,V2,…`);
  }
  const args = m[2].trim() === '' ? [] : m[2].split(',').map((a) => a.trim());
  if (args.length !== 2) throw fail(`${kind}() takes two numbers A,B, got ${args.length}`);
  const endSpec: FlagSpec = { name: spec.name, kind: kind === 'int' ? 'int' : 'number', help: '' };
  const [low, high] = args.map((a) => within(where, () => parseFlagValue(endSpec, a) as number));
  if (kind === 'int' ? !(low <= high) : !(low < high)) throw fail(`expected A ${kind === 'int' ? '<=' : '<'} B, got ${low} and ${high}`);
  if (kind === 'loguniform' && !(low > 0)) throw fail(`loguniform() needs A > 0, got ${low}`);
  for (const [end, value] of [['low', low], ['high', high]] as const) within(`${where}: ${end} end`, () => parseFlagValue(spec, String(value)));
  return spec.kind === 'int' ? { kind, low, high, integer: true } : { kind, low, high };
}

function isDistKind(kind: string): kind is (typeof DIST_KINDS)[number] {
  return (DIST_KINDS as readonly string[]).includes(kind);
}

/** Run `f`, prefixing the message of a OptionError it throws with `where`. */
function within<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof OptionError) throw new OptionError(`${where}: ${err.message}`);
    throw err;
  }
}

/** A few flag names, the closest spellings first: `lrr` -> `lr, eps, …`. */
function nearest(name: string, flags: readonly FlagSpec[]): string {
  const names = flags.map((f) => f.name).sort((a, b) => editDistance(name, a) - editDistance(name, b));
  return names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', ');
}
