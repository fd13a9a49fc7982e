import { describe, expect, it } from 'vitest';
import { PlanJobDataSchema, PlanJobResultSchema, PlanRequestSchema, QUEUE_KINDS, QUEUES } from './jobs';
import { planFieldPath, planRequestErrors } from './plan-errors';

const config = { task: { name: 'adding', seqLen: 10 }, model: { hidden: 12 } };
const compare = { kind: 'compare', base: config, cells: ['rnn', 'gru'], seeds: 2, match: 'params' };
const battery = { ...compare, kind: 'battery', lags: [10, 20] };
const ok = { ok: true, experimentId: 'x-0123456789abcdef', runIds: ['r-0123456789abcdef'], created: true, name: 'adding: rnn vs gru x 2 seeds' };

/** the paths of the issues a schema raises, as `path: code` */
const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; code: string }[] } }) =>
  r.success ? [] : (r.error?.issues ?? []).map((i) => `${i.path.map(String).join('.')}: ${i.code}`);

describe('the plan queue', () => {
  it('is a queue kind a worker can take', () => {
    expect(QUEUES.plan).toBe('rnnlab-plan');
    expect(QUEUE_KINDS).toContain('plan');
  });
});

describe('PlanRequestSchema', () => {
  it('takes a run (priority and engine defaulted), a comparison and a battery', () => {
    const run = PlanRequestSchema.parse({ kind: 'run', config });
    expect(run).toMatchObject({ kind: 'run', priority: 50, engine: 'auto', config: { seed: 1, model: { hidden: 12, cell: 'lstm' } } });
    expect(PlanRequestSchema.parse(compare)).toMatchObject({ kind: 'compare', priority: 50, match: 'params' });
    expect(PlanRequestSchema.parse(battery)).toMatchObject({ kind: 'battery', lags: [10, 20] });
  });

  it('refuses unknown keys at every level of every kind', () => {
    expect(issuesOf(PlanRequestSchema.safeParse({ kind: 'run', config, extra: 1 }))).toEqual([': unrecognized_keys']);
    expect(issuesOf(PlanRequestSchema.safeParse({ kind: 'run', config: { ...config, lr: 0.1 } }))).toEqual(['config: unrecognized_keys']);
    expect(issuesOf(PlanRequestSchema.safeParse({ ...compare, base: { ...config, model: { hidden: 12, hiden: 3 } } }))).toEqual(['base.model: unrecognized_keys']);
    expect(issuesOf(PlanRequestSchema.safeParse({ ...compare, lags: [10, 20] }))).toEqual([': unrecognized_keys']);
    expect(issuesOf(PlanRequestSchema.safeParse({ ...battery, vary: { flag: 'x', path: 'model.layers', values: [1, 2], extra: 0 } }))).toEqual(['vary: unrecognized_keys']);
  });

  it('refuses a missing or unknown kind, and a battery of a task without a lag', () => {
    for (const kind of [undefined, 'grid', 'Run', 3, null]) {
      expect(issuesOf(PlanRequestSchema.safeParse({ ...compare, kind })), String(kind)).toEqual(['kind: invalid_union']);
    }
    expect(issuesOf(PlanRequestSchema.safeParse('compare'))).toEqual([': invalid_type']);
    expect(issuesOf(PlanRequestSchema.safeParse({ ...battery, base: { task: { name: 'names' } } }))).toEqual(['base.task.name: custom']);
  });

  it('takes a sweep: the axes as the CLI writes them, draws and halving defaulted, every level strict', () => {
    const sweep = { kind: 'sweep', base: config, search: { mode: 'random', text: ' lr=loguniform(1e-4,1e-2) ' } };
    const parsed = PlanRequestSchema.parse(sweep);
    expect(parsed).toMatchObject({ kind: 'sweep', search: { mode: 'random', text: 'lr=loguniform(1e-4,1e-2)', trials: 16 }, asha: null, priority: 50 });
    expect(PlanRequestSchema.parse({ ...sweep, asha: {} })).toMatchObject({ asha: { eta: 3 } });
    expect(issuesOf(PlanRequestSchema.safeParse({ ...sweep, search: { ...sweep.search, axes: 'x' } }))).toEqual(['search: unrecognized_keys']);
    expect(issuesOf(PlanRequestSchema.safeParse({ ...sweep, search: { mode: 'grid', text: '  ' } }))).toEqual(['search.text: too_small']);
    expect(issuesOf(PlanRequestSchema.safeParse({ ...sweep, search: { ...sweep.search, trials: 1001 } }))).toEqual(['search.trials: too_big']);
    expect(issuesOf(PlanRequestSchema.safeParse({ ...sweep, asha: { eta: 1 } }))).toEqual(['asha.eta: too_small']);
  });
});

describe('PlanJobDataSchema', () => {
  it('holds the request and nothing else', () => {
    expect(PlanJobDataSchema.parse({ request: compare }).request.kind).toBe('compare');
    expect(issuesOf(PlanJobDataSchema.safeParse({ request: compare, priority: 3 }))).toEqual([': unrecognized_keys']);
    expect(issuesOf(PlanJobDataSchema.safeParse({}))).toEqual(['request: invalid_type']);
  });
});

describe('PlanJobResultSchema', () => {
  it('is ids on success (no experiment for a single run) or field errors', () => {
    expect(PlanJobResultSchema.parse(ok)).toEqual(ok);
    expect(PlanJobResultSchema.parse({ ...ok, experimentId: null }).ok).toBe(true);
    const failed = { ok: false, errors: [{ path: 'model.hidden', message: 'the closest hidden sizes give …' }] };
    expect(PlanJobResultSchema.parse(failed)).toEqual(failed);
  });

  it('refuses mixed, unknown and malformed shapes', () => {
    expect(issuesOf(PlanJobResultSchema.safeParse({ ...ok, errors: [] }))).toEqual([': unrecognized_keys']);
    expect(issuesOf(PlanJobResultSchema.safeParse({ ok: false, errors: [] }))).toEqual(['errors: too_small']);
    expect(issuesOf(PlanJobResultSchema.safeParse({ ok: false, errors: [{ path: 'x', message: 'y', code: 'memory' }] }))).toEqual(['errors.0: unrecognized_keys']);
    expect(issuesOf(PlanJobResultSchema.safeParse({ ok: false, experimentId: null, errors: [{ path: 'x', message: 'y' }] }))).toEqual([': unrecognized_keys']);
    expect(issuesOf(PlanJobResultSchema.safeParse({ ...ok, runIds: ['run-1'] }))).toEqual(['runIds.0: invalid_format']);
    expect(issuesOf(PlanJobResultSchema.safeParse({ ...ok, experimentId: 'r-0123456789abcdef' }))).toEqual(['experimentId: invalid_format']);
    expect(issuesOf(PlanJobResultSchema.safeParse({ ...ok, ok: 'yes' }))).toEqual(['ok: invalid_union']);
  });
});

describe('planRequestErrors', () => {
  const errorsOf = (input: unknown) => {
    const r = PlanRequestSchema.safeParse(input, { reportInput: true });
    if (r.success) throw new Error('expected the request to be refused');
    return planRequestErrors(r.error, input);
  };

  it('names run-config fields by their own path, whether the request holds the config as config or base', () => {
    expect(planFieldPath(['base', 'model', 'hidden'])).toBe('model.hidden');
    expect(planFieldPath(['config', 'train', 'lr'])).toBe('train.lr');
    expect(planFieldPath(['config'])).toBe('config');
    expect(planFieldPath(['lags', 1])).toBe('lags.1');
    expect(errorsOf({ kind: 'run', config: { ...config, train: { lr: 0 } }, priority: 101 })).toEqual([
      { path: 'train.lr', message: 'expected a positive number <= 100, got 0' },
      { path: 'priority', message: 'expected an integer from 0 to 100, got 101' },
    ]);
    expect(errorsOf({ ...compare, base: { ...config, model: { hidden: 9000 } }, seeds: 0 })).toEqual([
      { path: 'model.hidden', message: 'expected an integer from 1 to 8192, got 9000' },
      { path: 'seeds', message: 'expected an integer from 1 to 20, got 0' },
    ]);
  });

  it('says what a field held when the issue is raised above it', () => {
    expect(errorsOf({ ...compare, kind: 'grid' })).toEqual([{ path: 'kind', message: 'expected one of run, compare, battery, sweep, got "grid"' }]);
    expect(errorsOf({ ...battery, base: { task: { name: 'names' } }, lags: [20, 10] })).toEqual([
      { path: 'lags', message: 'expected ascending lags, each once' },
      { path: 'task.name', message: 'a battery runs adding or copy, got names' },
    ]);
  });
});
