import { describe, expect, it } from 'vitest';
import { BatterySpecSchema, CompareSpecSchema, dataSeedOf, parseRunConfig, type BatterySpec, type CompareSpec, type CompareSpecInput, type RunConfig } from '@rnnlab/contracts';
import { prepareDataset } from '@rnnlab/datasets';
import { groupOf, planBattery, planCompare } from '@rnnlab/experiments';
import { expectedParamCount, ModelSpecSchema } from '@rnnlab/models';
import { modelSpecFor } from '@rnnlab/trainer';
import { planExperiment } from './plan-experiment';

const compare = (over: Partial<CompareSpecInput> & { config?: Parameters<typeof parseRunConfig>[0] } = {}): CompareSpec => {
  const { config, ...rest } = over;
  return CompareSpecSchema.parse({
    kind: 'compare',
    base: parseRunConfig(config ?? { seed: 7, task: { name: 'adding', seqLen: 10, size: 2000 }, model: { hidden: 12 }, train: { steps: 60 } }),
    cells: ['rnn', 'lstm', 'gru'],
    seeds: 3,
    match: 'hidden',
    ...rest,
  });
};

/** What `rnnlab compare` computed itself before the planner (apps/cli/src/commands/compare.ts at a892bcb), the reference. */
async function cliPlanBefore(spec: CompareSpec | BatterySpec) {
  const ds = await prepareDataset(spec.base.task, dataSeedOf(spec.base));
  const paramsOf = (c: RunConfig) => expectedParamCount(ModelSpecSchema.parse(modelSpecFor(c, ds)));
  const plan = spec.kind === 'battery' ? planBattery(spec, paramsOf) : planCompare(spec, paramsOf);
  const name =
    spec.kind === 'battery'
      ? `${spec.base.task.name} battery: ${spec.cells.join(' vs ')} at sequence length T ${spec.lags.join(', ')} x ${spec.seeds} seeds`
      : `${spec.base.task.name}: ${plan.cells.map((c) => groupOf(c)).join(' vs ')} x ${spec.seeds} seeds`;
  return {
    name,
    kind: spec.kind,
    spec,
    plan: spec.kind === 'battery' ? { cells: plan.cells, lags: spec.lags } : { cells: plan.cells },
    runs: plan.runs.map((r) => r.config),
    priority: spec.priority,
  };
}

describe('planExperiment', () => {
  for (const match of ['hidden', 'params'] as const) {
    it(`plans the runs \`rnnlab compare --match ${match}\` planned before, with the same name and plan`, async () => {
      const spec = compare({ match, config: { seed: 7, task: { name: 'adding', seqLen: 10, size: 2000 }, model: { hidden: 32 }, train: { steps: 60 } } });
      const r = await planExperiment(spec);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      expect(r.plan.submission).toEqual(await cliPlanBefore(spec));
      expect(r.plan.name).toBe('adding: rnn vs lstm vs gru x 3 seeds');
      expect(r.plan.dataSeed).toBe(7);
      expect(r.plan.submission.runs).toHaveLength(9);
      expect(r.plan.submission.runs.every((c) => c.dataSeed === 7)).toBe(true);
      const hidden = r.plan.cells.map((c) => c.hidden);
      if (match === 'hidden') expect(hidden).toEqual([32, 32, 32]);
      else {
        // the LSTM sets the count, the smaller cells grow to it, within 2%
        expect(hidden[0]).toBeGreaterThan(hidden[1]);
        expect(hidden[2]).toBeGreaterThan(hidden[1]);
        expect(r.plan.paramsGap).toBeLessThanOrEqual(0.02);
      }
    });
  }

  it('plans a battery as before: every lag, the cells sized once', async () => {
    const spec = BatterySpecSchema.parse({ ...compare({ match: 'params', seeds: 2, config: { task: { name: 'adding', size: 2000 }, model: { hidden: 32 } } }), kind: 'battery', lags: [5, 10, 20] });
    const r = await planExperiment(spec);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.plan.submission).toEqual(await cliPlanBefore(spec));
    expect(r.plan.name).toBe('adding battery: rnn vs lstm vs gru at sequence length T 5, 10, 20 x 2 seeds');
    expect(r.plan.submission.runs.map((c) => c.task.seqLen)).toEqual([5, 5, 5, 5, 5, 5, 10, 10, 10, 10, 10, 10, 20, 20, 20, 20, 20, 20]);
  });

  it('refuses match params when no hidden sizes bring the counts within 2%, under model.hidden', async () => {
    const r = await planExperiment(compare({ match: 'params', config: { task: { name: 'adding', seqLen: 10 }, model: { hidden: 6 } }, cells: ['rnn', 'lstm'] }));
    expect(r).toEqual({
      ok: false,
      issues: [{ code: 'params-gap', path: 'model.hidden', message: 'the closest hidden sizes give parameter counts 3.4% apart (over 2%): raise model.hidden' }],
    });
  });

  it('refuses a comparison whose runs cannot fit one worker process, under the field to lower first', async () => {
    const r = await planExperiment(compare({ config: { task: { name: 'adding', seqLen: 2000 }, model: { hidden: 2048 }, train: { batch: 512 } }, cells: ['rnn', 'lstm'] }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'memory', path: 'train.batch' });
    expect(r.issues[0].message).toMatch(/^this run's tensors need about [\d.]+ GB .* more than the 3\.6 GB a WebAssembly heap can hold .*: lower train\.batch, task\.seqLen or model\.hidden/);
  });

  it('refuses the fields the user set that the runs would not use, each under its path, before preparing anything', async () => {
    const spec = compare({ config: { task: { name: 'adding', seqLen: 10 }, train: { optimizer: 'sgd' } } });
    const r = await planExperiment(spec, { given: ['task.seqLen', 'task.lag', 'train.beta1'] });
    expect(r).toEqual({
      ok: false,
      issues: [
        { code: 'inapplicable', path: 'task.lag', message: "applies to task copy only; this run's task is adding" },
        { code: 'inapplicable', path: 'train.beta1', message: "applies to optimizer adam only; this run's optimizer is sgd" },
      ],
    });
    // the same fields, left at their defaults (not given), are no error
    expect((await planExperiment(spec)).ok).toBe(true);
  });
});
