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
});

describe('parseReportArgs', () => {
  it('takes one experiment id and one output form', () => {
    expect(parseReportArgs(['x-0123456789abcdef', '--markdown'])).toMatchObject({ id: 'x-0123456789abcdef', markdown: true, json: false });
    expect(() => parseReportArgs(['r-0123456789abcdef'])).toThrow(/expected an experiment id like x-/);
    expect(() => parseReportArgs([])).toThrow(/expected one experiment id/);
    expect(() => parseReportArgs(['x-0123456789abcdef', '--json', '--markdown'])).toThrow(/give one of them/);
  });
});
