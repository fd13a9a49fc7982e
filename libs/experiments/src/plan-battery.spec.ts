import { describe, expect, it } from 'vitest';
import { BatterySpecSchema, parseRunConfig, type RunConfig } from '@rnnlab/contracts';
import { expectedParamCount, ModelSpecSchema } from '@rnnlab/models';
import { planBattery } from './plan-battery';

const addingParams = (c: RunConfig) => expectedParamCount(ModelSpecSchema.parse({ ...c.model, outputSize: 1, topology: 'many-to-one', input: { kind: 'dense', features: 2 } }));

describe('planBattery', () => {
  it('runs every cell x seed at every lag, on one data seed, shortest lag first', () => {
    const spec = BatterySpecSchema.parse({ kind: 'battery', base: parseRunConfig({ seed: 7, task: { name: 'adding' } }), cells: ['rnn', 'gru'], seeds: 2, match: 'hidden', lags: [10, 25, 50] });
    const plan = planBattery(spec, addingParams);
    expect(plan.runs.map((r) => `${r.lag}:${r.cell}:${r.seed}`)).toEqual(
      ['10', '25', '50'].flatMap((l) => [`${l}:rnn:7`, `${l}:gru:7`, `${l}:rnn:8`, `${l}:gru:8`]),
    );
    expect(plan.runs.every((r) => r.config.task.seqLen === r.lag && r.config.dataSeed === 7 && r.config.model.cell === r.cell)).toBe(true);
  });

  it('sizes the cells once for every lag (--match params), and the copy task varies its delay', () => {
    const spec = BatterySpecSchema.parse({ kind: 'battery', base: parseRunConfig({ task: { name: 'copy', seqLen: 9 }, model: { hidden: 40 } }), cells: ['rnn', 'lstm'], seeds: 1, match: 'params', lags: [5, 100] });
    const plan = planBattery(spec, addingParams);
    const rnn = plan.cells.find((c) => c.cell === 'rnn');
    expect(rnn?.hidden).toBeGreaterThan(40); // grown to the LSTM's count
    expect(plan.paramsGap).toBeLessThan(0.02);
    expect(plan.runs.map((r) => [r.config.task.lag, r.config.task.seqLen, r.config.model.hidden])).toEqual([
      [5, 9, rnn?.hidden], [5, 9, plan.cells[1].hidden], [100, 9, rnn?.hidden], [100, 9, plan.cells[1].hidden],
    ]);
  });

  it('refuses a task without a lag, and lags out of order', () => {
    const bad = BatterySpecSchema.safeParse({ kind: 'battery', base: parseRunConfig({ task: { name: 'names' } }), cells: ['rnn'], seeds: 1, match: 'hidden', lags: [50, 25] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['lags: expected ascending lags, each once', 'base.task.name: a battery runs adding or copy, got names']);
  });
});
