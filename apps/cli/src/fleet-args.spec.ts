import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { parseCompareArgs, parseReportArgs } from './fleet-args';

describe('parseCompareArgs', () => {
  it('expands a preset into flags, which flags given override', () => {
    const a = parseCompareArgs(['--preset', 'seed-claim']);
    expect(a.configFlags).toMatchObject({ task: 'adding', 'seq-len': 50, hidden: 64, steps: 2000, lr: 0.003, clip: 1 });
    expect(a).toMatchObject({ cells: ['rnn', 'lstm', 'gru'], seeds: 3, match: 'hidden' });
    const b = parseCompareArgs(['--preset', 'seed-claim', '--seeds', '5', '--steps', '3000', '--cells', 'lstm,gru']);
    expect(b).toMatchObject({ seeds: 5, cells: ['lstm', 'gru'] });
    expect(b.configFlags.steps).toBe(3000);
  });

  it('refuses unknown or repeated cells and unknown presets, naming the flag', () => {
    expect(() => parseCompareArgs(['--task', 'adding', '--cells', 'rnn,transformer'])).toThrow(/--cells: expected a comma-separated list of rnn, lstm, gru/);
    expect(() => parseCompareArgs(['--task', 'adding', '--cells', 'gru,gru'])).toThrow(/--cells: each cell once/);
    expect(() => parseCompareArgs(['--preset', 'nope'])).toThrow(UsageError);
    expect(() => parseCompareArgs(['--task', 'adding', '--cell', 'gru'])).toThrow(/--cell/);
  });

  it('takes a battery: the task and its lags, the lag flag left to the battery', () => {
    const h = parseCompareArgs(['--preset', 'horizon']);
    expect(h.battery).toEqual({ task: 'adding', lags: [10, 25, 50, 100] });
    expect(h.configFlags).toMatchObject({ task: 'adding', hidden: 64, steps: 2000 });
    expect(h.configFlags['seq-len']).toBeUndefined();
    expect(parseCompareArgs(['--battery', 'copy', '--lags', '5,10']).configFlags).toMatchObject({ task: 'copy' });
    expect(() => parseCompareArgs(['--battery', 'adding', '--lags', '50,25'])).toThrow(/--lags: expected ascending lags, each once, got "50,25"/);
    expect(() => parseCompareArgs(['--battery', 'adding', '--lags', '10,x'])).toThrow(/--lags: expected at least two comma-separated integers/);
    expect(() => parseCompareArgs(['--battery', 'adding'])).toThrow(/give the lags/);
    expect(() => parseCompareArgs(['--battery', 'adding', '--lags', '10,20', '--seq-len', '5'])).toThrow(/--seq-len: a battery of adding sets it from --lags/);
    expect(() => parseCompareArgs(['--battery', 'copy', '--lags', '10,20', '--task', 'adding'])).toThrow(/--task adding: a battery of copy trains copy/);
    expect(() => parseCompareArgs(['--task', 'adding', '--lags', '10,20'])).toThrow(/--lags: only with --battery/);
  });

  it('compares the values of one model option given as a list, like cells', () => {
    const a = parseCompareArgs(['--task', 'reverse', '--cells', 'gru', '--context', 'last,transform,attention']);
    expect(a.vary).toEqual({ flag: 'context', path: 'model.context', values: ['last', 'transform', 'attention'] });
    expect(a.configFlags.context).toBeUndefined();
    expect(parseCompareArgs(['--task', 'adding', '--layers=1,2']).vary).toEqual({ flag: 'layers', path: 'model.layers', values: [1, 2] });
    // a single value is an ordinary flag
    expect(parseCompareArgs(['--task', 'reverse', '--context', 'attention']).configFlags.context).toBe('attention');
    expect(() => parseCompareArgs(['--task', 'reverse', '--context', 'last,bogus'])).toThrow(/--context: expected one of last, transform, attention/);
    expect(() => parseCompareArgs(['--task', 'adding', '--layers', '1,1'])).toThrow(/--layers: each value once/);
    expect(() => parseCompareArgs(['--task', 'adding', '--layers', '1,2', '--hidden', '8,16'])).toThrow(/varies one model option besides the cell/);
    expect(() => parseCompareArgs(['--task', 'adding', '--hidden', '8,16', '--match', 'params'])).toThrow(/--match params chooses the hidden sizes/);
    expect(() => parseCompareArgs(['--preset', 'horizon', '--layers', '1,2'])).toThrow(/a battery compares cells only/);
  });
});

describe('parseReportArgs', () => {
  it('takes one experiment id and one output form', () => {
    expect(parseReportArgs(['x-0123456789abcdef', '--markdown'])).toMatchObject({ id: 'x-0123456789abcdef', markdown: true, json: false });
    expect(() => parseReportArgs(['r-0123456789abcdef'])).toThrow(/expected an experiment id like x-/);
    expect(() => parseReportArgs([])).toThrow(/expected one experiment id/);
    expect(() => parseReportArgs(['x-0123456789abcdef', '--json', '--markdown'])).toThrow(/give one of them/);
  });
});
