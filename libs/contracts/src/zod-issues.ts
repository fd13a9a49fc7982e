/**
 * zod 4 issues as `expected …, got …` phrases, the style of every other bad-input message
 * (`--lr: expected a positive number, got "NaN"`), instead of zod's own
 * `Too big: expected number to be <=8192`.
 *
 * An issue only tells which check failed (and, for `too_big`, not even whether the field is an
 * integer), so the JSON Schema of the field, when known, describes it by all its constraints:
 * `model.hidden` reads `an integer from 1 to 8192`. The value received is in the issue only when
 * the parse ran with `reportInput: true`; otherwise the phrase stops after `expected …` and the
 * caller, who holds the input, may append `, got …`.
 */
import { z } from 'zod';

type JsonSchema = z.core.JSONSchema.BaseSchema;
type Issue = z.core.$ZodIssue;

/** Longest string shown whole after `got`; longer ones are cut (a 5000-character path helps no one). */
const MAX_SHOWN_CHARS = 40;

/**
 * `path: expected …[, got …]` for one issue; `root` is the JSON Schema of the whole input
 * (`z.toJSONSchema(schema, { io: 'input' })`), used to describe the field at the issue's path.
 *
 * @example
 * const root = z.toJSONSchema(RunConfigSchema, { io: 'input' });
 * formatZodIssue(issue, root); // 'model.hidden: expected an integer from 1 to 8192'
 */
export function formatZodIssue(issue: Issue, root?: JsonSchema): string {
  const field = root === undefined ? undefined : jsonSchemaAt(root, issue.path);
  return `${issue.path.map(String).join('.') || '(root)'}: ${describeZodIssue(issue, field)}`;
}

/**
 * The `expected …[, got …]` phrase of one issue. `field` (the JSON Schema at the issue's path)
 * refines it; a field that does not match the issue (another schema's) is ignored.
 */
export function describeZodIssue(issue: Issue, field?: JsonSchema): string {
  const f = field !== undefined && fieldMatches(issue, field) ? field : undefined;
  const got = gotOf(issue);
  const tail = got === undefined ? '' : `, got ${got}`;
  switch (issue.code) {
    case 'too_big':
    case 'too_small':
      return `expected ${f ? describeNumber(f) : describeBound(issue)}${tail}`;
    case 'invalid_type':
      return `expected ${f && isNumeric(f) ? describeNumber(f) : describeType(issue.expected)}${tail}`;
    case 'invalid_value':
      return `expected ${issue.values.length === 1 ? showValue(issue.values[0]) : `one of ${issue.values.map(String).join(', ')}`}${tail}`;
    case 'unrecognized_keys': {
      const known = f?.properties ? Object.keys(f.properties) : undefined;
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
      const hint = known && issue.keys.length === 1 ? closest(issue.keys[0], known) : null;
      // a likely spelling says more than the list of every field
      const allowed = known && !hint ? ` (${known.join(', ')})` : '';
      return `expected only known fields${allowed}, got unknown field${issue.keys.length === 1 ? '' : 's'} ${keys}${hint ? ` (did you mean "${hint}"?)` : ''}`;
    }
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}${tail}`;
    case 'invalid_format':
      return `expected ${describeFormat(issue)}${tail}`;
    case 'invalid_union': {
      const options = 'options' in issue ? issue.options : undefined;
      return `expected ${options?.length ? `one of ${options.map(String).join(', ')}` : 'a value of one of the allowed forms'}${tail}`;
    }
    case 'invalid_key':
    case 'invalid_element': {
      const inner = issue.issues[0];
      const what = issue.code === 'invalid_key' ? 'key' : 'element';
      return inner ? `invalid ${what}: ${describeZodIssue(inner)}` : `expected valid ${what}s${tail}`;
    }
    case 'custom':
      // the schema's author wrote this message for users; zod's default says nothing
      return issue.message && issue.message !== 'Invalid input' ? `${issue.message}${tail}` : `expected a valid value${tail}`;
    default:
      // a code newer than this formatter: zod's own words are better than none
      return (issue as Issue).message;
  }
}

/** The JSON Schema at `path` inside `root` (following `properties` and `items`), or undefined. */
export function jsonSchemaAt(root: JsonSchema, path: readonly PropertyKey[]): JsonSchema | undefined {
  let node: JsonSchema | undefined = root;
  for (const key of path) {
    if (node === undefined) return undefined;
    if (typeof key === 'number' && node.items !== undefined && !Array.isArray(node.items)) {
      node = asSchema(node.items);
    } else if (typeof key === 'string' && node.properties && Object.hasOwn(node.properties, key)) {
      node = asSchema(node.properties[key]);
    } else {
      return undefined;
    }
  }
  return node;
}

function asSchema(s: z.core.JSONSchema._JSONSchema | undefined): JsonSchema | undefined {
  return typeof s === 'object' ? s : undefined;
}

/** Whether `field` is the schema that raised `issue` (same bound, same values), so it may describe it. */
function fieldMatches(issue: Issue, field: JsonSchema): boolean {
  switch (issue.code) {
    case 'too_big':
      return isNumeric(field) && issue.maximum === (issue.inclusive ? field.maximum : field.exclusiveMaximum);
    case 'too_small':
      return isNumeric(field) && issue.minimum === (issue.inclusive ? field.minimum : field.exclusiveMinimum);
    case 'invalid_type':
      return isNumeric(field) && (issue.expected === 'number' || issue.expected === 'int');
    case 'unrecognized_keys':
      return field.properties !== undefined && issue.keys.every((k) => !Object.hasOwn(field.properties ?? {}, k));
    default:
      return false;
  }
}

function isNumeric(f: JsonSchema): boolean {
  return f.type === 'number' || f.type === 'integer';
}

/** `an integer from 1 to 8192`, `a positive number <= 100`, `an integer >= 0`. */
function describeNumber(f: JsonSchema): string {
  const int = f.type === 'integer';
  // z.int() adds the safe-integer range as bounds: not a limit worth stating
  // (draft-4 schemas spell exclusive bounds as booleans: zod's default target, draft 2020-12, does not)
  const bound = (v: number | boolean | undefined) => (typeof v !== 'number' || Math.abs(v) >= Number.MAX_SAFE_INTEGER ? undefined : v);
  const lo = bound(f.minimum ?? f.exclusiveMinimum);
  const hi = bound(f.maximum ?? f.exclusiveMaximum);
  const loIncl = f.minimum !== undefined && f.exclusiveMinimum !== true;
  const hiIncl = f.maximum !== undefined && f.exclusiveMaximum !== true;
  if (lo !== undefined && hi !== undefined && loIncl && hiIncl) return `${int ? 'an integer' : 'a number'} from ${lo} to ${hi}`;
  const positive = lo === 0 && !loIncl;
  const noun = positive ? `a positive ${int ? 'integer' : 'number'}` : int ? 'an integer' : 'a number';
  const bounds: string[] = [];
  if (lo !== undefined && !positive) bounds.push(`${loIncl ? '>=' : '>'} ${lo}`);
  if (hi !== undefined) bounds.push(`${hiIncl ? '<=' : '<'} ${hi}`);
  return bounds.length ? `${noun} ${bounds.join(' and ')}` : noun;
}

/** The failed bound from the issue alone: `a number <= 8192`, `at most 4096 characters`. */
function describeBound(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === 'too_big';
  const limit = big ? issue.maximum : issue.minimum;
  const op = issue.exact ? '=' : `${big ? '<' : '>'}${issue.inclusive === false ? '' : '='}`;
  const countWord = (unit: string) =>
    issue.exact ? `exactly ${limit} ${unit}` : `${big ? 'at most' : 'at least'} ${limit} ${unit}`;
  switch (issue.origin) {
    case 'number':
      return `a number ${op} ${limit}`;
    case 'int':
    case 'bigint':
      return `an integer ${op} ${limit}`;
    case 'string':
      return !big && limit === 1 && !issue.exact ? 'a non-empty string' : `a string of ${countWord('characters')}`;
    case 'array':
    case 'set':
      return !big && limit === 1 && !issue.exact ? 'at least one item' : countWord('items');
    case 'file':
      return `a file of ${countWord('bytes')}`;
    case 'date':
      return `a date ${op} ${new Date(Number(limit)).toISOString()}`;
    default:
      return `a value ${op} ${limit}`;
  }
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  bigint: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  tuple: 'an array',
  record: 'an object',
  date: 'a date',
  null: 'null',
  undefined: 'no value',
  nonoptional: 'a value',
};

function describeType(expected: string): string {
  return TYPE_WORDS[expected] ?? `a ${expected}`;
}

function describeFormat(issue: z.core.$ZodIssueInvalidStringFormat): string {
  const i = issue as z.core.$ZodIssueInvalidStringFormat & { prefix?: string; suffix?: string; includes?: string };
  switch (i.format) {
    case 'regex':
      return `a string matching ${i.pattern}`;
    case 'starts_with':
      return `a string starting with ${JSON.stringify(i.prefix)}`;
    case 'ends_with':
      return `a string ending with ${JSON.stringify(i.suffix)}`;
    case 'includes':
      return `a string containing ${JSON.stringify(i.includes)}`;
    default:
      return `a valid ${i.format}`;
  }
}

/** What was received, when the issue carries it: the input (`reportInput`), or zod's `received` for NaN/Infinity. */
function gotOf(issue: Issue): string | undefined {
  if ('input' in issue && issue.input !== undefined) {
    if (typeof issue.input === 'string' && issue.code === 'too_big' && issue.origin === 'string') return `${issue.input.length} characters`;
    if (Array.isArray(issue.input) && (issue.code === 'too_big' || issue.code === 'too_small')) return `${issue.input.length} items`;
    return showValue(issue.input);
  }
  // zod 4 records the kind of a rejected non-finite number even without reportInput
  const received = (issue as { received?: unknown }).received;
  return typeof received === 'string' ? received : undefined;
}

/** A value as a message shows it: `9000`, `"abc"`, `true`, `null`, `an array`, `an object`. */
function showValue(v: unknown): string {
  if (typeof v === 'string') {
    return v.length > MAX_SHOWN_CHARS ? `${JSON.stringify(v.slice(0, MAX_SHOWN_CHARS))}… (${v.length} characters)` : JSON.stringify(v);
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null) return String(v);
  if (v === undefined) return 'no value';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** The known key closest to a misspelt one (`lrr` -> `lr`, `seq_len` -> `seqLen`), or null. */
function closest(key: string, known: readonly string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  let best: string | null = null;
  let bestD = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const d = norm(k) === norm(key) ? 0 : editDistance(key, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** Levenshtein distance, for "did you mean" hints (here and in the CLI's flag parser). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
