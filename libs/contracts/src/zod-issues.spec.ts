/**
 * The formatter against zod 4's real issue objects: every case parses a value with a real schema
 * and formats the issues zod produced, so a change in zod's issue shape fails here.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatZodIssues, RunConfigSchema, TaskConfigSchema } from './run-config';
import { describeZodIssue, formatZodIssue, jsonSchemaAt } from './zod-issues';

/** The issues of parsing `value` with `schema` (which must fail). */
function issuesOf(schema: z.ZodType, value: unknown, reportInput = false): z.core.$ZodIssue[] {
  const r = schema.safeParse(value, { reportInput });
  if (r.success) throw new Error(`expected ${JSON.stringify(value)} to fail`);
  return r.error.issues;
}

/** The single phrase for `value`, described from the issue alone (no field schema). */
function phrase(schema: z.ZodType, value: unknown, reportInput = false): string {
  const issues = issuesOf(schema, value, reportInput);
  expect(issues).toHaveLength(1);
  return describeZodIssue(issues[0]);
}

/** The lines formatZodIssues prints for a run config. */
function runConfigLines(input: unknown): string[] {
  const r = RunConfigSchema.safeParse(input);
  if (r.success) throw new Error('expected the run config to fail');
  return formatZodIssues(r.error);
}

describe('describeZodIssue from the issue alone', () => {
  it('too_big / too_small: the bound with its operator', () => {
    expect(phrase(z.number().max(8192), 9000)).toBe('expected a number <= 8192');
    expect(phrase(z.number().lt(1), 1)).toBe('expected a number < 1');
    expect(phrase(z.number().min(0), -1)).toBe('expected a number >= 0');
    expect(phrase(z.number().gt(0), 0)).toBe('expected a number > 0');
    expect(phrase(z.number().int(), 2 ** 60)).toBe(`expected an integer <= ${Number.MAX_SAFE_INTEGER}`);
  });

  it('too_big / too_small on strings and arrays count characters and items', () => {
    expect(phrase(z.string().min(1), '')).toBe('expected a non-empty string');
    expect(phrase(z.string().max(3), 'abcd')).toBe('expected a string of at most 3 characters');
    expect(phrase(z.string().length(2), 'abc')).toBe('expected a string of exactly 2 characters');
    expect(phrase(z.array(z.number()).min(1), [])).toBe('expected at least one item');
    expect(phrase(z.array(z.number()).max(1), [1, 2], true)).toBe('expected at most 1 items, got 2 items');
  });

  it('invalid_type names the expected type in words', () => {
    expect(phrase(z.number(), 'x')).toBe('expected a number');
    expect(phrase(z.number().int(), 1.5)).toBe('expected an integer');
    expect(phrase(z.boolean(), 'true')).toBe('expected true or false');
    expect(phrase(z.object({}), [])).toBe('expected an object');
    expect(phrase(z.string(), 5)).toBe('expected a string');
  });

  it('invalid_type keeps what zod records without reportInput: NaN, Infinity', () => {
    expect(phrase(z.number(), Number.NaN)).toBe('expected a number, got NaN');
    expect(phrase(z.number(), Number.POSITIVE_INFINITY)).toBe('expected a number, got Infinity');
  });

  it('invalid_value lists the allowed values like the CLI does for enum flags', () => {
    expect(phrase(z.enum(['rnn', 'lstm', 'gru']), 'cnn')).toBe('expected one of rnn, lstm, gru');
    expect(phrase(z.literal('q'), 'r')).toBe('expected "q"');
  });

  it('not_multiple_of, invalid_format, custom', () => {
    expect(phrase(z.number().multipleOf(3), 4)).toBe('expected a multiple of 3');
    expect(phrase(z.string().regex(/^a+$/), 'b')).toBe('expected a string matching /^a+$/');
    expect(phrase(z.string().startsWith('ab'), 'b')).toBe('expected a string starting with "ab"');
    expect(phrase(z.email(), 'nope')).toBe('expected a valid email');
    expect(phrase(z.number().refine((v) => v > 1, 'expected more than one'), 0)).toBe('expected more than one');
    expect(phrase(z.number().refine((v) => v > 1), 0)).toBe('expected a valid value');
  });

  it('unrecognized_keys names each unknown field', () => {
    expect(phrase(z.object({ a: z.number() }).strict(), { a: 1, b: 2 })).toBe('expected only known fields, got unknown field "b"');
    expect(phrase(z.object({}).strict(), { b: 2, c: 3 })).toBe('expected only known fields, got unknown fields "b", "c"');
  });

  it('with reportInput the value follows `got`, long strings cut', () => {
    expect(phrase(z.number().max(8192), 9000, true)).toBe('expected a number <= 8192, got 9000');
    expect(phrase(z.enum(['a', 'b']), 'c', true)).toBe('expected one of a, b, got "c"');
    expect(phrase(z.number(), null, true)).toBe('expected a number, got null');
    expect(phrase(z.number(), [1], true)).toBe('expected a number, got an array');
    expect(phrase(z.string().max(3), 'x'.repeat(5000), true)).toBe('expected a string of at most 3 characters, got 5000 characters');
    expect(phrase(z.literal('a'), 'y'.repeat(50), true)).toBe(`expected "a", got "${'y'.repeat(40)}"… (50 characters)`);
  });

  it('never leaks zod\'s own wording', () => {
    const schema = z.object({ a: z.number().max(1), b: z.enum(['x']), c: z.string().min(1), d: z.boolean() }).strict();
    for (const issue of issuesOf(schema, { a: 2, b: 'y', c: '', d: 1, e: 0 })) {
      expect(describeZodIssue(issue)).toMatch(/^expected /);
      expect(describeZodIssue(issue)).not.toMatch(/Too (big|small)|Invalid|Unrecognized|received/);
    }
  });
});

describe('formatZodIssues on RunConfigSchema', () => {
  it('describes a field by all its constraints (integer, both bounds)', () => {
    expect(runConfigLines({ task: { name: 'adding' }, model: { hidden: 9000 } })).toEqual(['model.hidden: expected an integer from 1 to 8192']);
    expect(runConfigLines({ task: { name: 'adding' }, train: { lr: 0 } })).toEqual(['train.lr: expected a positive number <= 100']);
    expect(runConfigLines({ task: { name: 'adding' }, train: { batch: 1.5 } })).toEqual(['train.batch: expected an integer from 1 to 65536']);
    expect(runConfigLines({ task: { name: 'adding' }, train: { eps: Number.NaN } })).toEqual(['train.eps: expected a positive number <= 1, got NaN']);
    expect(runConfigLines({ task: { name: 'adding', valFraction: 0.6 } })).toEqual(['task.valFraction: expected a number from 0 to 0.5']);
  });

  it('reports every bad field, one line each, under its dotted path', () => {
    const lines = runConfigLines({ task: { name: 'nope' }, train: { lr: Number.NaN, batch: -1 }, model: { hidden: 1e6, cell: 'cnn' } });
    expect(lines).toEqual([
      'task.name: expected one of adding, copy, reverse, addition, names, names-by-category, cmudict, spam, text',
      'model.cell: expected one of rnn, lstm, gru',
      'model.hidden: expected an integer from 1 to 8192',
      'train.batch: expected an integer from 1 to 65536',
      'train.lr: expected a positive number <= 100, got NaN',
    ]);
  });

  it('unknown fields: a likely spelling, else the known fields', () => {
    expect(runConfigLines({ task: { name: 'adding' }, train: { lrr: 1 } })).toEqual([
      'train: expected only known fields, got unknown field "lrr" (did you mean "lr"?)',
    ]);
    expect(runConfigLines({ task: { name: 'adding', seq_len: 5 } })).toEqual([
      'task: expected only known fields, got unknown field "seq_len" (did you mean "seqLen"?)',
    ]);
    expect(runConfigLines({ task: { name: 'adding' }, zzz: 1 })).toEqual([
      '(root): expected only known fields (seed, dataSeed, task, model, train), got unknown field "zzz"',
    ]);
  });

  it('a field of another schema does not describe an issue it did not raise', () => {
    // TaskConfigSchema's error formatted against the default RunConfigSchema: paths do not resolve there
    const r = TaskConfigSchema.safeParse({ name: 'adding', seqLen: 0 });
    if (r.success) throw new Error('expected failure');
    expect(formatZodIssues(r.error)).toEqual(['seqLen: expected a number >= 1']);
    expect(formatZodIssues(r.error, TaskConfigSchema)).toEqual(['seqLen: expected an integer from 1 to 100000']);
  });
});

describe('jsonSchemaAt / formatZodIssue', () => {
  const root = z.toJSONSchema(z.object({ a: z.object({ b: z.number().int().min(0) }), xs: z.array(z.number().max(2)) }), { io: 'input' });

  it('follows properties and items', () => {
    expect(jsonSchemaAt(root, ['a', 'b'])).toMatchObject({ type: 'integer', minimum: 0 });
    expect(jsonSchemaAt(root, ['xs', 3])).toMatchObject({ type: 'number', maximum: 2 });
    expect(jsonSchemaAt(root, ['a', 'nope'])).toBeUndefined();
    expect(jsonSchemaAt(root, [])).toBe(root);
  });

  it('prefixes the dotted path, (root) for the top level', () => {
    const schema = z.object({ a: z.object({ b: z.number().int().min(0) }), xs: z.array(z.number().max(2)) });
    const [deep] = issuesOf(schema, { a: { b: -1 }, xs: [] });
    expect(formatZodIssue(deep, root)).toBe('a.b: expected an integer >= 0');
    const [item] = issuesOf(schema, { a: { b: 0 }, xs: [1, 5] });
    expect(formatZodIssue(item, root)).toBe('xs.1: expected a number <= 2');
    const [top] = issuesOf(z.number(), 'x');
    expect(formatZodIssue(top)).toBe('(root): expected a number');
  });
});
