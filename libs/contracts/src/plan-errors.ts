/**
 * A plan request that does not parse, as field errors a form can show beside its fields: the run
 * config's fields under their own path (`model.hidden`, not `base.model.hidden`), each message in the
 * `expected …, got …` style of every other bad-input message.
 */
import { z } from 'zod';
import { BatterySpecSchema } from './batteries';
import { CompareSpecSchema } from './experiments';
import { PlanRunRequestSchema, type PlanFieldError } from './jobs';
import { RunConfigSchema } from './run-config';
import { describeZodIssue, jsonSchemaAt } from './zod-issues';

/** the request keys that hold a run config */
const CONFIG_KEYS: readonly PropertyKey[] = ['config', 'base'];

/**
 * The field path of a path into a plan request: a run config's fields by their own dotted path.
 *
 * @example planFieldPath(['base', 'model', 'hidden']) // 'model.hidden'
 * @example planFieldPath(['lags', 2]) // 'lags.2'
 */
export function planFieldPath(path: readonly PropertyKey[]): string {
  const inConfig = path.length > 1 && CONFIG_KEYS.includes(path[0]);
  return (inConfig ? path.slice(1) : path).map(String).join('.');
}

const MEMBERS: Record<string, z.ZodType> = { run: PlanRunRequestSchema, compare: CompareSpecSchema, battery: BatterySpecSchema };

/**
 * Field errors for every issue of a plan request that did not parse (parse it with
 * `{ reportInput: true }` so that the messages say what was received).
 *
 * @example
 * const r = PlanRequestSchema.safeParse(input, { reportInput: true });
 * if (!r.success) return { ok: false, errors: planRequestErrors(r.error, input) };
 */
export function planRequestErrors(error: z.ZodError, input: unknown): PlanFieldError[] {
  const kind = typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : undefined;
  const member = typeof kind === 'string' && Object.hasOwn(MEMBERS, kind) ? MEMBERS[kind] : undefined;
  // built only on failure; `io: 'input'` so that fields with defaults are described as accepted
  const json = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
  const config = json(RunConfigSchema);
  const request = member ? json(member) : undefined;
  return error.issues.map((raw) => {
    const issue = inputAtPath(raw, input);
    const inConfig = issue.path.length > 1 && CONFIG_KEYS.includes(issue.path[0]);
    const field = inConfig ? jsonSchemaAt(config, issue.path.slice(1)) : request && jsonSchemaAt(request, issue.path);
    return { path: planFieldPath(issue.path), message: describeZodIssue(issue, field) };
  });
}

/**
 * An issue raised above its field carries the parent's value as its input: a discriminated union's
 * (path `kind`) the whole request, a refinement's (a battery's `base.task.name`) the object it
 * refines. Say what the field held (`got "sweep"`), not `got an object`; a refinement's message
 * says the rest, so an array or object there is left unsaid, and so is a value its message names.
 */
function inputAtPath(issue: z.core.$ZodIssue, root: unknown): z.core.$ZodIssue {
  const discriminated = issue.code === 'invalid_union' && typeof (issue as { discriminator?: unknown }).discriminator === 'string';
  if (!discriminated && issue.code !== 'custom') return issue;
  let v: unknown = root;
  for (const k of issue.path) v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  const said = issue.code === 'custom' && /(^|, )got /.test(issue.message);
  return { ...issue, input: said || (typeof v === 'object' && v !== null) ? undefined : v };
}
