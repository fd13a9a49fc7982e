import { describe, expect, it } from 'vitest';
import { inapplicableFields } from './applicability';
import { ConfigError, parseRunConfig, RunConfigSchema } from './run-config';
import { UPLOAD_ID_PATTERN } from './uploads';

const ID = 'ab'.repeat(32);
const issues = (input: unknown): string[] => {
  try {
    parseRunConfig(input);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  return [];
};

describe('task.upload', () => {
  it('is an upload id for task text, instead of a path', () => {
    expect(parseRunConfig({ task: { name: 'text', upload: ID } }).task).toMatchObject({ name: 'text', upload: ID });
    expect(parseRunConfig({ task: { name: 'text', path: 'corpus.txt' } }).task.upload).toBeUndefined();
    expect(UPLOAD_ID_PATTERN.test(ID)).toBe(true);
  });

  it('is exclusive with task.path', () => {
    expect(issues({ task: { name: 'text', upload: ID, path: 'corpus.txt' } })).toEqual([
      'task.upload: give task.upload or task.path, not both (one is the text of an upload, the other a local file)',
    ]);
  });

  it('or task.path is required for task text', () => {
    expect(issues({ task: { name: 'text' } })).toEqual([
      'task.path: required for task text: task.path (a local UTF-8 file) or task.upload (the id of an uploaded dataset)',
    ]);
    // other tasks need neither
    expect(issues({ task: { name: 'names' } })).toEqual([]);
  });

  it.each([
    ['uppercase hex', 'AB'.repeat(32)],
    ['63 digits', 'a'.repeat(63)],
    ['65 digits', 'a'.repeat(65)],
    ['a path', '../../etc/passwd'],
    ['a path that is 64 characters', `../${'a'.repeat(61)}`],
    ['empty', ''],
    ['NUL', `${'a'.repeat(63)}\0`],
  ])('refuses a bad id (%s)', (_what, id) => {
    const r = RunConfigSchema.safeParse({ task: { name: 'text', upload: id } });
    expect(r.success).toBe(false);
    expect(issues({ task: { name: 'text', upload: id } })).toEqual([expect.stringMatching(/^task\.upload: expected a string matching/)]);
  });

  it('refuses a number or an object as an id', () => {
    expect(issues({ task: { name: 'text', upload: 12 } })).toEqual([expect.stringMatching(/^task\.upload: expected a string/)]);
    expect(issues({ task: { name: 'text', upload: { id: ID } } })).toEqual([expect.stringMatching(/^task\.upload: expected a string/)]);
  });

  it('applies to task text only', () => {
    const config = parseRunConfig({ task: { name: 'names', upload: ID } });
    expect(inapplicableFields(config, ['task.upload'])).toEqual([{ path: 'task.upload', reason: "applies to task text only; this run's task is names" }]);
    expect(inapplicableFields(parseRunConfig({ task: { name: 'text', upload: ID } }), ['task.upload'])).toEqual([]);
  });
});
