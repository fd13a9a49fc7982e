/**
 * The "new run / comparison / battery / sweep" form as a plan request. Each form field is named by the run config path
 * it sets (`task.seqLen`, `train.lr`) or by the request key (`cells`, `seeds`, `match`, `priority`);
 * any other field — including `__proto__` — is an error, as is a value that is not what the field
 * takes. The request is then checked with the same zod schemas as the CLI (CompareSpecSchema,
 * PlanRunRequestSchema), and its errors come back by field. Fields left empty, or at the schema's
 * default, are not sent: the plan job refuses options a run would not use, and a default is no choice.
 */
import { CELLS, MATCH_MODES, OPTIMIZERS, PlanRequestSchema, RunConfigSchema, TASKS, type PlanRequestInput } from '@rnnlab/contracts';
import { z } from 'zod';

type Kind = 'number' | 'int' | 'text' | 'choice';
interface FieldSpec {
  kind: Kind;
  label: string;
  choices?: readonly string[];
  hint?: string;
}

/** every field the form has, in order, by the path it sets */
export const FORM_FIELDS: Record<string, FieldSpec> = {
  'task.name': { kind: 'choice', label: 'task', choices: TASKS },
  'task.seqLen': { kind: 'int', label: 'sequence length T', hint: 'adding: the number of steps; language models: the window' },
  'task.lag': { kind: 'int', label: 'copy delay', hint: 'copy task only: blank steps before the recall' },
  'task.upload': { kind: 'text', label: 'uploaded dataset', hint: 'task text only: a file uploaded on the Datasets page' },
  'model.layers': { kind: 'int', label: 'layers' },
  'model.hidden': { kind: 'int', label: 'hidden size H', hint: 'with "match parameter count", the largest cell gets this size and the others match its count' },
  'train.batch': { kind: 'int', label: 'batch size' },
  'train.steps': { kind: 'int', label: 'steps' },
  'train.optimizer': { kind: 'choice', label: 'optimizer', choices: OPTIMIZERS },
  'train.lr': { kind: 'number', label: 'learning rate' },
  'train.clip': { kind: 'number', label: 'gradient clipping (global norm)', hint: '0: no clipping' },
  'train.tbptt': { kind: 'int', label: 'TBPTT window k', hint: '0: back-propagate through the whole sequence' },
  seed: { kind: 'int', label: 'first seed' },
};
const REQUEST_FIELDS = ['kind', 'cells', 'seeds', 'match', 'priority', 'lags', 'search.mode', 'search.text', 'search.trials', 'asha', 'asha.eta', 'asha.minSteps'] as const;
const KINDS = ['compare', 'battery', 'sweep', 'run'] as const;

export type FieldErrors = Record<string, string>;

/** the demo: "RNN vs LSTM vs GRU on the adding problem" (the CLI's seed-claim preset), as form entries */
export const DEMO_COMPARISON: readonly [string, string][] = [
  ['kind', 'compare'],
  ['task.name', 'adding'],
  ['task.seqLen', '50'],
  ['cells', 'rnn'],
  ['cells', 'lstm'],
  ['cells', 'gru'],
  ['model.hidden', '64'],
  ['train.batch', '64'],
  ['train.steps', '2000'],
  ['train.lr', '0.003'],
  ['train.clip', '1'],
  ['seeds', '3'],
  ['match', 'hidden'],
];
/**
 * `request` is the input as the user gave it (checked, defaults not filled in): the plan job reads
 * the fields present as the ones the user set.
 */
export type ParsedForm = { ok: true; request: PlanRequestInput } | { ok: false; errors: FieldErrors };

const MAX_VALUE_CHARS = 200;
/** a sweep's axes may be long: `lr=loguniform(1e-4,1e-2) hidden=int(32,256) clip=0,0.5,1 …` */
const MAX_AXES_CHARS = 2000;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function toNumber(raw: string, int: boolean): number | string {
  const s = raw.trim();
  if (s === 'NaN' || s === 'Infinity' || s === '-Infinity') return Number(s);
  if (!NUMBER.test(s)) return raw;
  const n = Number(s);
  return int && !Number.isInteger(n) ? raw : n;
}

/** a value at a dotted path of a parsed default config */
const at = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

/** Form entries (name, value) to a plan request, or errors by field name. */
export function parseSubmissionForm(entries: Iterable<[string, FormDataEntryValue | string]>): ParsedForm {
  // keyed by our own field names only (an unknown name goes under '' with the form's own errors)
  const errors: FieldErrors = Object.create(null) as FieldErrors;
  const unknown: string[] = [];
  const values = new Map<string, string[]>();
  let count = 0;
  for (const [name, value] of entries) {
    if (name.startsWith('$ACTION')) continue; // Next's own fields for server actions
    if (++count > 100) return { ok: false, errors: { '': 'too many fields' } };
    if (typeof value !== 'string') {
      unknown.push(`${JSON.stringify(name.slice(0, 64))} (a file)`);
      continue;
    }
    if (!Object.hasOwn(FORM_FIELDS, name) && !(REQUEST_FIELDS as readonly string[]).includes(name)) {
      unknown.push(JSON.stringify(name.slice(0, 64)));
      continue;
    }
    const max = name === 'search.text' ? MAX_AXES_CHARS : MAX_VALUE_CHARS;
    if (value.length > max) {
      errors[name] = `at most ${max} characters`;
      continue;
    }
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  if (unknown.length) errors[''] = `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: this form takes ${Object.keys(FORM_FIELDS).join(', ')}, ${REQUEST_FIELDS.join(', ')}`;
  const kind = values.get('kind')?.[0] ?? 'compare';
  if (!(KINDS as readonly string[]).includes(kind)) errors.kind = `expected one of ${KINDS.join(', ')}`;
  for (const [name, list] of values) if (name !== 'cells' && list.length > 1) errors[name] = 'given more than once';
  if (Object.keys(errors).length) return { ok: false, errors };

  const taskName = values.get('task.name')?.[0] ?? '';
  // task text parses only with a source; the defaults of the other fields do not depend on which
  const defaults = RunConfigSchema.safeParse({ task: { name: taskName, ...(taskName === 'text' ? { upload: '0'.repeat(64) } : {}) } });
  const config: Record<string, Record<string, unknown>> = { task: { name: taskName }, model: {}, train: {} };
  let seed: unknown;
  for (const [path, spec] of Object.entries(FORM_FIELDS)) {
    if (path === 'task.name') continue;
    const raw = values.get(path)?.[0]?.trim();
    if (raw === undefined || raw === '') continue;
    const v = spec.kind === 'number' || spec.kind === 'int' ? toNumber(raw, spec.kind === 'int') : raw;
    if (defaults.success && at(defaults.data, path) === v) continue;
    if (path === 'seed') seed = v;
    else {
      const [head, key] = path.split('.');
      config[head][key] = v;
    }
  }
  const base = { ...(seed === undefined ? {} : { seed }), ...config };
  const int = (name: string) => {
    const raw = values.get(name)?.[0];
    return raw === undefined || raw.trim() === '' ? undefined : toNumber(raw, true);
  };
  const priority = int('priority');
  const comparison = { base, cells: values.get('cells') ?? [], seeds: int('seeds') ?? 3, match: values.get('match')?.[0] ?? 'hidden', ...(priority === undefined ? {} : { priority }) };
  // a battery: the comparison at every lag, `lags` a comma-separated list (`10, 25, 50`)
  const lags = (values.get('lags')?.[0] ?? '').split(',').map((x) => x.trim()).filter(Boolean).map((x) => toNumber(x, true));
  const input =
    kind === 'run'
      ? { kind: 'run', config: { ...base, model: { ...config.model, cell: values.get('cells')?.[0] } }, ...(priority === undefined ? {} : { priority }) }
      : kind === 'sweep'
        ? sweepInput(values, base, config.model, priority, int)
        : kind === 'battery'
          ? { kind: 'battery', ...comparison, lags }
          : { kind: 'compare', ...comparison };
  const parsed = PlanRequestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  return { ok: true, request: input as PlanRequestInput };
}

/**
 * A sweep: the axes as `rnnlab sweep` takes them. The cells ticked are swept too (a `cell=…` axis in
 * front) unless the axes name `cell` already; one cell ticked is every trial's cell. Draws count and
 * halving's options are sent only where they apply (random search; halving ticked).
 */
function sweepInput(
  values: Map<string, string[]>,
  base: Record<string, unknown>,
  model: Record<string, unknown>,
  priority: unknown,
  int: (name: string) => number | string | undefined,
): Record<string, unknown> {
  const first = (name: string) => values.get(name)?.[0];
  const mode = first('search.mode') ?? 'grid';
  const cells = values.get('cells') ?? [];
  const typed = (first('search.text') ?? '').trim();
  const sweepsCells = cells.length > 1 && !/(^|\s)cell=/.test(typed);
  const text = sweepsCells ? `cell=${cells.join(',')}${typed ? ` ${typed}` : ''}` : typed;
  const trials = mode === 'random' ? int('search.trials') : undefined;
  const eta = int('asha.eta');
  const minSteps = int('asha.minSteps');
  const asha = first('asha') === 'on' ? { ...(eta === undefined ? {} : { eta }), ...(minSteps === undefined ? {} : { minSteps }) } : null;
  return {
    kind: 'sweep',
    base: { ...base, model: { ...model, ...(cells.length === 1 ? { cell: cells[0] } : {}) } },
    search: { mode, text, ...(trials === undefined ? {} : { trials }) },
    asha,
    ...(priority === undefined ? {} : { priority }),
  };
}

/** zod issues by form field: `base.train.lr` and `config.train.lr` are the field `train.lr` */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = Object.create(null) as FieldErrors;
  for (const issue of error.issues) {
    let path = issue.path.map(String).join('.').replace(/^(base|config)\./, '');
    if (path === 'model.cell' || path.startsWith('cells')) path = 'cells';
    // the form takes no file paths (users never give the server one): task text trains on an upload
    if (path === 'task.path') {
      out['task.name'] ??= 'task text trains on an uploaded dataset: choose one under "uploaded dataset" (upload a file on the Datasets page first)';
      continue;
    }
    if (path.startsWith('lags')) path = 'lags';
    if (issue.code === 'unrecognized_keys') path = path || '';
    out[path] ??= describe(issue, path);
  }
  return out;
}

function describe(issue: z.core.$ZodIssue, path: string): string {
  const f = FORM_FIELDS[path];
  if (issue.code === 'invalid_type') return `expected a ${issue.expected === 'number' ? 'number' : issue.expected}${f ? '' : ''}, got ${issue.input === undefined ? 'nothing' : JSON.stringify(String(issue.input).slice(0, 40))}`;
  if (issue.code === 'invalid_value' || issue.code === 'invalid_union') return `${issue.message}${f?.choices ? ` (one of ${f.choices.join(', ')})` : ''}`;
  if (path === 'cells' && issue.code === 'too_small') return `choose at least one cell (${CELLS.join(', ')})`;
  return issue.message;
}

export const FORM_CHOICES = { cells: CELLS, match: MATCH_MODES };
