import { describe, expect, it } from 'vitest';
import { DEMO_COMPARISON, parseSubmissionForm } from './submission-form';

const demo = [...DEMO_COMPARISON];

describe('parseSubmissionForm', () => {
  it('turns the demo comparison into a compare request, leaving defaults out', () => {
    const r = parseSubmissionForm(demo);
    expect(r.ok).toBe(true);
    if (!r.ok || r.request.kind !== 'compare') throw new Error('expected a comparison');
    expect(r.request.cells).toEqual(['rnn', 'lstm', 'gru']);
    expect(r.request.seeds).toBe(3);
    expect(r.request.base.train?.lr).toBe(0.003);
    // only what differs from the defaults is sent (seqLen 50 is the default)
    expect(r.request.base.task).toEqual({ name: 'adding' });
    expect(r.request.base.model).toEqual({});
    expect(r.request.base.train).toEqual({ steps: 2000, lr: 0.003, clip: 1 });
  });

  it('gives a single run with its cell', () => {
    const r = parseSubmissionForm([['kind', 'run'], ['task.name', 'adding'], ['cells', 'gru'], ['train.steps', '100']]);
    expect(r.ok && r.request.kind === 'run' && r.request.config.model?.cell).toBe('gru');
  });

  it.each([
    ['train.lr', 'NaN', 'train.lr', /number/],
    ['train.lr', '-1', 'train.lr', /0/],
    ['train.lr', 'fast', 'train.lr', /number/],
    ['model.hidden', '1.5', 'model.hidden', /number|int/i],
    ['model.hidden', '0', 'model.hidden', /1/],
    ['seeds', '50', 'seeds', /20/],
    ['match', 'size', 'match', /hidden|params/],
    ['task.name', 'imagenet', 'task.name', /adding/],
  ])('%s = %s is an error on %s', (field, value, errorField, message) => {
    const entries = demo.filter(([k]) => k !== field).concat([[field, value]]);
    const r = parseSubmissionForm(entries);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors)).toContain(errorField);
    expect(r.errors[errorField]).toMatch(message);
  });

  it('gives a battery over the lags listed, and refuses lags out of order', () => {
    const entries = demo.filter(([k]) => k !== 'kind').concat([['kind', 'battery'], ['lags', '10, 25,50']]);
    const r = parseSubmissionForm(entries);
    expect(r.ok && r.request.kind === 'battery' && r.request.lags).toEqual([10, 25, 50]);
    const bad = parseSubmissionForm(demo.filter(([k]) => k !== 'kind').concat([['kind', 'battery'], ['lags', '50, 10']]));
    expect(!bad.ok && bad.errors.lags).toMatch(/ascending/);
  });

  it('gives a sweep: the ticked cells as an axis in front, draws for random only, halving when ticked', () => {
    const sweep = (more: [string, string][]) => parseSubmissionForm([...demo.filter(([k]) => k !== 'kind'), ['kind', 'sweep'], ['search.trials', '16'], ['asha.eta', '3'], ...more]);
    const grid = sweep([['search.mode', 'grid'], ['search.text', ' lr=1e-3,3e-3 ']]);
    if (!grid.ok || grid.request.kind !== 'sweep') throw new Error(JSON.stringify(grid));
    expect(grid.request.search).toEqual({ mode: 'grid', text: 'cell=rnn,lstm,gru lr=1e-3,3e-3' });
    expect(grid.request.asha).toBeNull();
    expect(grid.request.base.model).toEqual({});
    const random = sweep([['search.mode', 'random'], ['search.text', 'cell=gru lr=loguniform(1e-4,1e-2)'], ['asha', 'on'], ['asha.minSteps', '100']]);
    if (!random.ok || random.request.kind !== 'sweep') throw new Error(JSON.stringify(random));
    expect(random.request.search).toEqual({ mode: 'random', text: 'cell=gru lr=loguniform(1e-4,1e-2)', trials: 16 });
    expect(random.request.asha).toEqual({ eta: 3, minSteps: 100 });
    const one = parseSubmissionForm([['kind', 'sweep'], ['task.name', 'adding'], ['cells', 'gru'], ['search.text', 'lr=1e-3,3e-3']]);
    expect(one.ok && one.request.kind === 'sweep' && [one.request.base.model, one.request.search.text]).toEqual([{ cell: 'gru' }, 'lr=1e-3,3e-3']);
  });

  it('refuses a sweep with no axes, bad draws or a bad halving factor, by field', () => {
    const sweep = (more: [string, string][]) => parseSubmissionForm([['kind', 'sweep'], ['task.name', 'adding'], ['cells', 'gru'], ...more]);
    const errorsOf = (r: ReturnType<typeof parseSubmissionForm>) => (r.ok ? {} : r.errors);
    expect(errorsOf(sweep([['search.text', '  ']]))).toHaveProperty('search.text');
    expect(errorsOf(sweep([['search.mode', 'random'], ['search.text', 'lr=1e-3'], ['search.trials', '0']]))).toHaveProperty('search.trials');
    expect(errorsOf(sweep([['search.mode', 'bayes'], ['search.text', 'lr=1e-3']]))).toHaveProperty('search.mode');
    expect(errorsOf(sweep([['search.text', 'lr=1e-3'], ['asha', 'on'], ['asha.eta', '1']]))).toHaveProperty('asha.eta');
    expect(errorsOf(sweep([['search.text', 'x'.repeat(2001)]]))['search.text']).toBe('at most 2000 characters');
  });

  it('refuses unknown fields, __proto__ among them, and changes nothing on Object.prototype', () => {
    const r = parseSubmissionForm([...demo, ['__proto__', '{"polluted":1}'], ['train.evil', '1']]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors['']).toMatch(/unknown fields "__proto__", "train.evil"/);
    expect(Object.getPrototypeOf(r.errors)).toBe(null);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses no cells, a repeated field, and oversize values', () => {
    const none = parseSubmissionForm(demo.filter(([k]) => k !== 'cells'));
    expect(!none.ok && none.errors.cells).toMatch(/cell/);
    const twice = parseSubmissionForm([...demo, ['train.lr', '0.1']]);
    expect(!twice.ok && twice.errors['train.lr']).toMatch(/more than once/);
    const long = parseSubmissionForm([...demo.filter(([k]) => k !== 'train.lr'), ['train.lr', '1'.repeat(500)]]);
    expect(!long.ok && long.errors['train.lr']).toMatch(/at most/);
  });
});
