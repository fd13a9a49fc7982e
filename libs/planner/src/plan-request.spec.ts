import { describe, expect, it } from 'vitest';
import { CompareSpecSchema, parseRunConfig } from '@rnnlab/contracts';
import { givenFields } from './given-fields';
import { planExperiment } from './plan-experiment';
import { planRequest } from './plan-request';
import { planSingleRun } from './plan-run';

const base = { task: { name: 'adding', seqLen: 10, size: 2000 }, model: { hidden: 12 }, train: { steps: 60 } };

describe('givenFields', () => {
  it('names every field present, sections one level deep', () => {
    expect(givenFields({ seed: 3, task: { name: 'copy', lag: 5 }, train: {} })).toEqual(['seed', 'task.name', 'task.lag']);
    expect(givenFields(null)).toEqual([]);
    expect(givenFields([1])).toEqual([]);
  });
});

describe('planRequest', () => {
  it('plans a comparison given as JSON as the CLI plans the same comparison', async () => {
    const input = { kind: 'compare', base, cells: ['rnn', 'gru'], seeds: 2, match: 'params' };
    const r = await planRequest(input);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const cli = await planExperiment(CompareSpecSchema.parse({ ...input, base: parseRunConfig(base) }));
    if (!cli.ok) throw new Error(JSON.stringify(cli.issues));
    expect(r.plan).toEqual(cli.plan);
  });

  it('takes the fields present in the run config as set by the user', async () => {
    const r = await planRequest({ kind: 'compare', base: { ...base, task: { ...base.task, lag: 5 } }, cells: ['rnn', 'gru'], seeds: 2, match: 'hidden' });
    expect(r).toEqual({ ok: false, issues: [{ code: 'inapplicable', path: 'task.lag', message: "applies to task copy only; this run's task is adding" }] });
    const run = await planRequest({ kind: 'run', config: { task: { name: 'adding' }, model: { cell: 'gru', forgetBias: 2 } } });
    expect(run).toEqual({ ok: false, issues: [{ code: 'inapplicable', path: 'model.forgetBias', message: "applies to cell lstm only; this run's cell is gru" }] });
  });

  it('answers a request that does not parse with field errors under the run config paths', async () => {
    const r = await planRequest({ kind: 'compare', base: { ...base, model: { hidden: 0 }, train: { lr: -1 } }, cells: ['rnn', 'cnn'], seeds: 2, match: 'params', extra: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.every((i) => i.code === 'invalid')).toBe(true);
    expect(Object.fromEntries(r.issues.map((i) => [i.path, i.message]))).toEqual({
      'model.hidden': 'expected an integer from 1 to 8192, got 0',
      'train.lr': 'expected a positive number <= 100, got -1',
      'cells.1': 'expected one of rnn, lstm, gru, got "cnn"',
      '': 'expected only known fields (kind, base, cells, seeds, match, priority, vary), got unknown field "extra"',
    });
    expect(await planRequest({ kind: 'grid' })).toEqual({ ok: false, issues: [{ code: 'invalid', path: 'kind', message: 'expected one of run, compare, battery, sweep, got "grid"' }] });
  });

  it('answers a dataset that cannot be prepared under task', async () => {
    const r = await planRequest({ kind: 'compare', base: { task: { name: 'text', path: '/nonexistent/corpus.txt' } }, cells: ['rnn', 'gru'], seeds: 1, match: 'hidden' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([{ code: 'dataset', path: 'task', message: expect.stringContaining('/nonexistent/corpus.txt') }]);
  });

  it('plans a single run with its priority and engine', async () => {
    const r = await planRequest({ kind: 'run', config: base, priority: 80, engine: 'tfjs' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.plan).toMatchObject({ kind: 'run', name: 'lstm on adding', config: parseRunConfig(base), options: { priority: 80, engine: 'tfjs' } });
  });
});

describe('planSingleRun', () => {
  it('refuses a run over the memory limit it is given, saying where the limit comes from', () => {
    const config = parseRunConfig(base);
    const r = planSingleRun(config, { memoryLimit: { bytes: 64 * 1024, source: 'set by --max-memory' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ code: 'memory', path: expect.stringMatching(/^(train|task|model)\./) });
    expect(r.issues[0].message).toMatch(/more than the limit of 64\.0 KB \(set by --max-memory\)/);
    expect(planSingleRun(config).ok).toBe(true);
  });
});
