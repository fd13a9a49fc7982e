import { describe, expect, it } from 'vitest';
import { parseRunConfig, type FlagValue, type RunConfigInput } from '@rnnlab/contracts';
import { planRequest } from './plan-request';
import { planSweep, withOptions, type SweepPlanInput } from './plan-sweep';
import { parseGrid, parseRandom } from './sweep-axes';

const baseInput = { seed: 7, task: { name: 'adding', seqLen: 10, size: 2000 }, model: { hidden: 12 }, train: { steps: 90 } };
const base = parseRunConfig(baseInput as RunConfigInput);
const build = (options: Record<string, FlagValue>) => parseRunConfig(withOptions(baseInput, options) as RunConfigInput);
const grid = (text: string, more: Partial<SweepPlanInput> = {}): SweepPlanInput => ({ base, mode: 'grid', text, axes: parseGrid(text), trials: 16, asha: null, priority: 50, ...more });

describe('withOptions', () => {
  it('sets each option at its config path over a copy of the input', () => {
    const out = withOptions(baseInput, { lr: 0.01, hidden: 32, 'gru-reset-before': false });
    expect(out).toEqual({ ...baseInput, model: { hidden: 32, gruResetAfter: false }, train: { steps: 90, lr: 0.01 } });
    expect(baseInput.model.hidden).toBe(12);
  });
});

describe('planSweep', () => {
  it('plans every combination of a grid, each trial on the base data seed', () => {
    const r = planSweep(grid('lr=1e-3,3e-3 hidden=16,24'), build);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const { trials, spec, name, submission } = r.plan;
    expect(trials.map((t) => t.options)).toEqual([
      { lr: 0.001, hidden: 16 },
      { lr: 0.001, hidden: 24 },
      { lr: 0.003, hidden: 16 },
      { lr: 0.003, hidden: 24 },
    ]);
    expect(trials.map((t) => [t.config.train.lr, t.config.model.hidden, t.config.dataSeed])).toEqual([
      [0.001, 16, 7],
      [0.001, 24, 7],
      [0.003, 16, 7],
      [0.003, 24, 7],
    ]);
    expect(spec.search).toEqual({ mode: 'grid', text: 'lr=1e-3,3e-3 hidden=16,24', trials: 4, seed: 7 });
    expect(spec.axes).toEqual([{ flag: 'lr', path: 'train.lr' }, { flag: 'hidden', path: 'model.hidden' }]);
    expect(name).toBe('adding sweep: grid lr=1e-3,3e-3 hidden=16,24');
    expect(submission.runs).toHaveLength(4);
  });

  it('keeps a seed axis off the data: every seed trains on the base data', () => {
    const r = planSweep(grid('seed=1,2'), build);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.plan.trials.map((t) => [t.config.seed, t.config.dataSeed])).toEqual([
      [1, 7],
      [2, 7],
    ]);
  });

  it('draws a random search from its seed, to 4 digits, and keeps identical draws once', () => {
    const text = 'lr=loguniform(1e-4,1e-2) cell=rnn,gru';
    const input: SweepPlanInput = { ...grid('lr=1e-3'), mode: 'random', text, axes: parseRandom(text), trials: 6, seed: 3 };
    const a = planSweep(input, build);
    const b = planSweep(input, build);
    if (!a.ok || !b.ok) throw new Error('refused');
    expect(a.plan.trials).toEqual(b.plan.trials);
    for (const t of a.plan.trials) expect(String(t.options.lr).replace(/^0\.0*|e.*$/g, '').replace('.', '').length).toBeLessThanOrEqual(4);
    const few = planSweep({ ...input, text: 'cell=rnn,gru', axes: parseRandom('cell=rnn,gru'), trials: 12 }, build);
    if (!few.ok) throw new Error('refused');
    expect(few.plan.trials.length).toBe(2);
    expect(few.plan.dropped).toBe(10);
  });

  it('puts successive halving rungs below the steps, and refuses a first rung with none', () => {
    const r = planSweep(grid('lr=1e-3,3e-3', { asha: { eta: 3 } }), build);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.plan.spec.asha).toEqual({ eta: 3, rungs: [10, 30] });
    expect(r.plan.name).toBe('adding sweep: grid lr=1e-3,3e-3, ASHA eta 3');
    const none = planSweep(grid('lr=1e-3,3e-3', { asha: { eta: 3, minSteps: 90 } }), build);
    expect(none).toMatchObject({ ok: false, issues: [{ code: 'invalid', path: 'asha.minSteps' }] });
  });

  it('refuses a trial too big for one worker process', () => {
    const r = planSweep(grid('hidden=8192 batch=4096'), build);
    expect(r).toMatchObject({ ok: false, issues: [{ code: 'memory' }] });
  });
});

describe('planRequest: a sweep', () => {
  const request = (text: string, more: Record<string, unknown> = {}) => ({ kind: 'sweep', base: baseInput, search: { mode: 'grid', text }, ...more });

  it('plans a sweep given as JSON as the CLI plans it', async () => {
    const r = await planRequest(request('lr=1e-3,3e-3', { asha: { eta: 3 } }));
    const cli = planSweep(grid('lr=1e-3,3e-3', { asha: { eta: 3 } }), build);
    if (!r.ok || !cli.ok) throw new Error('refused');
    expect(r.plan).toEqual(cli.plan);
  });

  it('answers a bad axis, a value out of range and a trial that does not parse under search.text', async () => {
    const cases: [string, RegExp][] = [
      ['lrr=1e-3', /unknown option "lrr" \(options: lr,/],
      ['lr=NaN', /--grid lr=NaN: --lr: expected a positive number, got "NaN"/],
      ['hidden=16,100000', /a trial does not parse: model\.hidden: expected an integer from 1 to 8192/],
      ['lr=loguniform(1e-4,1e-2)', /distributions belong in --random/],
      ['__proto__=1', /unknown option "__proto__"/],
    ];
    for (const [text, message] of cases) {
      const r = await planRequest(request(text));
      expect(r.ok, text).toBe(false);
      if (r.ok) continue;
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0].path).toBe('search.text');
      expect(r.issues[0].message).toMatch(message);
    }
  });

  it('refuses a base field the runs would not use, and halving with no rung', async () => {
    const lag = await planRequest({ ...request('lr=1e-3'), base: { ...baseInput, task: { ...baseInput.task, lag: 5 } } });
    expect(lag).toMatchObject({ ok: false, issues: [{ code: 'inapplicable', path: 'task.lag' }] });
    const rung = await planRequest(request('lr=1e-3,3e-3', { asha: { minSteps: 500 } }));
    expect(rung).toMatchObject({ ok: false, issues: [{ path: 'asha.minSteps' }] });
  });
});
