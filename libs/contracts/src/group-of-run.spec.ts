import { describe, expect, it } from 'vitest';
import { parseRunConfig } from './run-config';
import { groupOfRun } from './group-of-run';

const config = (cell: 'rnn' | 'gru', context?: string) =>
  parseRunConfig({ task: { name: 'reverse' }, model: { cell, hidden: 16, ...(context ? { context } : {}) }, train: { steps: 10 } });

describe('groupOfRun', () => {
  it('is the cell when the experiment varies nothing', () => {
    expect(groupOfRun({ spec: { kind: 'compare' } }, { cell: 'gru', config: config('gru') })).toBe('gru');
  });

  it('is the plan label of the cell and the varied value', () => {
    const spec = {
      vary: { flag: 'context', path: 'model.context', values: ['last', 'attention'] },
      plan: { cells: [{ cell: 'gru', label: 'gru context=attention', variant: 'attention', hidden: 16, params: 1 }, { cell: 'gru', label: 'gru context=last', variant: 'last', hidden: 16, params: 1 }] },
    };
    expect(groupOfRun({ spec }, { cell: 'gru', config: config('gru', 'attention') })).toBe('gru context=attention');
    expect(groupOfRun({ spec }, { cell: 'gru', config: config('gru', 'last') })).toBe('gru context=last');
  });

  it('names an unplanned value after the cell and the value', () => {
    const spec = { vary: { flag: 'context', path: 'model.context', values: ['last', 'attention'] }, plan: { cells: [] } };
    expect(groupOfRun({ spec }, { cell: 'rnn', config: config('rnn', 'transform') })).toBe('rnn transform');
  });

  it('is the trial in a sweep: the cell, then the options varied', () => {
    const spec = { kind: 'sweep', axes: [{ flag: 'cell', path: 'model.cell' }, { flag: 'lr', path: 'train.lr' }, { flag: 'seed', path: 'seed' }] };
    const run = { cell: 'gru', config: parseRunConfig({ task: { name: 'adding' }, model: { cell: 'gru' }, train: { lr: 0.003 }, seed: 4 }) };
    expect(groupOfRun({ spec }, run)).toBe('gru lr=0.003 seed=4');
  });
});
