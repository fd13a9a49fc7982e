import { describe, expect, it } from 'vitest';
import { CompareSpecSchema, parseRunConfig, type CompareSpecInput, type RunConfig } from '@rnnlab/contracts';
import { expectedParamCount, ModelSpecSchema } from '@rnnlab/models';
import { planCompare } from './expand-compare';

/** the adding problem's model: 2 input features, 1 output, many-to-one (as the trainer builds it) */
const addingParams = (c: RunConfig) => expectedParamCount(ModelSpecSchema.parse({ ...c.model, outputSize: 1, topology: 'many-to-one', input: { kind: 'dense', features: 2 } }));
/** a char LM over 60 symbols */
const lmParams = (c: RunConfig) => expectedParamCount(ModelSpecSchema.parse({ ...c.model, outputSize: 60, topology: 'many-to-many', input: { kind: 'tokens', vocab: 60 } }));

const spec = ({ hidden = 64, layers = 1, ...over }: Partial<CompareSpecInput> & { hidden?: number; layers?: number } = {}) =>
  CompareSpecSchema.parse({
    kind: 'compare',
    base: parseRunConfig({ seed: 4, task: { name: 'adding' }, model: { hidden, layers } }),
    cells: ['rnn', 'lstm', 'gru'],
    seeds: 3,
    match: 'hidden',
    ...over,
  });

describe('planCompare', () => {
  it('runs every cell with every seed, all on the first seed as data seed', () => {
    const plan = planCompare(spec(), addingParams);
    expect(plan.runs.map((r) => `${r.cell}:${r.seed}`)).toEqual(['rnn:4', 'lstm:4', 'gru:4', 'rnn:5', 'lstm:5', 'gru:5', 'rnn:6', 'lstm:6', 'gru:6']);
    expect(new Set(plan.runs.map((r) => r.config.dataSeed))).toEqual(new Set([4]));
    expect(plan.runs.every((r) => r.config.model.cell === r.cell && r.config.seed === r.seed && r.config.model.hidden === 64)).toBe(true);
    // --match hidden: the counts differ as the cells do (a GRU has 3/4 of an LSTM's recurrent weights)
    const [rnn, lstm, gru] = plan.cells.map((c) => c.params);
    expect(rnn).toBeLessThan(gru);
    expect(gru).toBeLessThan(lstm);
    expect(gru / lstm).toBeGreaterThan(0.7);
    expect(gru / lstm).toBeLessThan(0.8);
  });

  for (const layers of [1, 2, 3]) {
    for (const hidden of [32, 128]) {
      it(`--match params: every pair within 2% (${layers} layer(s), hidden ${hidden})`, () => {
        for (const [params, name] of [[addingParams, 'adding'], [lmParams, 'lm']] as const) {
          for (const cells of [['rnn', 'lstm', 'gru'], ['rnn', 'lstm'], ['rnn', 'gru'], ['lstm', 'gru']] as const) {
            const plan = planCompare(spec({ match: 'params', hidden, layers, cells: [...cells] }), params);
            const counts = plan.cells.map((c) => c.params);
            const gap = (Math.max(...counts) - Math.min(...counts)) / Math.max(...counts);
            expect(gap, `${name} ${cells.join(',')}: ${JSON.stringify(plan.cells)}`).toBeLessThan(0.02);
            expect(plan.paramsGap).toBeCloseTo(gap, 12);
            // the largest cell stays within 10% of --hidden; the smaller cells grow
            for (const c of plan.cells) expect(c.hidden).toBeGreaterThanOrEqual(Math.floor(hidden * 0.9));
            for (const r of plan.runs) expect(r.config.model.hidden).toBe(plan.cells.find((c) => c.cell === r.cell)?.hidden);
          }
        }
      });
    }
  }

  it('a comparison over a model option: one group per cell and value, sized together under --match params', () => {
    const plan = planCompare(spec({ cells: ['gru'], vary: { flag: 'layers', path: 'model.layers', values: [1, 2] } }), lmParams);
    expect(plan.cells.map((c) => [c.label, c.variant, c.hidden])).toEqual([['layers=1', 1, 64], ['layers=2', 2, 64]]);
    expect(plan.runs.map((r) => `${r.group}:${r.seed}:${r.config.model.layers}`)).toEqual(['layers=1:4:1', 'layers=2:4:2', 'layers=1:5:1', 'layers=2:5:2', 'layers=1:6:1', 'layers=2:6:2']);
    const matched = planCompare(spec({ cells: ['rnn', 'gru'], match: 'params', vary: { flag: 'layers', path: 'model.layers', values: [1, 2] } }), addingParams);
    expect(matched.cells.map((c) => c.label)).toEqual(['rnn layers=1', 'rnn layers=2', 'gru layers=1', 'gru layers=2']);
    expect(matched.paramsGap).toBeLessThan(0.02);
    // the 1-layer RNN grows most, the 2-layer GRU (the reference) stays near --hidden
    const h = Object.fromEntries(matched.cells.map((c) => [c.label, c.hidden]));
    expect(h['rnn layers=1']).toBeGreaterThan(h['gru layers=2'] as number);
    for (const r of matched.runs) expect(r.config.model.hidden).toBe(h[r.group]);
  });
});
