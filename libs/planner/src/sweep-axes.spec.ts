import { describe, expect, it } from 'vitest';
import { OptionError, type FlagSpec } from '@rnnlab/contracts';
import { gridTrials, parseGrid, parseRandom, randomTrials } from './sweep-axes';

describe('parseGrid', () => {
  it('parses each value with its flag: numbers as numbers, enums as strings, axes in order', () => {
    expect(parseGrid('lr=1e-3,3e-3 hidden=64,128  cell=lstm')).toEqual([
      { flag: 'lr', values: [0.001, 0.003] },
      { flag: 'hidden', values: [64, 128] },
      { flag: 'cell', values: ['lstm'] },
    ]);
  });

  it('takes true/false for an on/off flag, as the value the flag sets', () => {
    expect(parseGrid('lowercase=false,true')).toEqual([{ flag: 'lowercase', values: [false, true] }]);
    // --gru-reset-before sets model.gruResetAfter to false
    expect(parseGrid('gru-reset-before=true')).toEqual([{ flag: 'gru-reset-before', values: [false] }]);
    expect(() => parseGrid('lowercase=yes')).toThrow('--grid lowercase=yes: --lowercase: expected true or false, got "yes"');
  });

  it('names an unknown option and lists allowed ones, the closest first', () => {
    expect(() => parseGrid('lrr=1,2')).toThrow(OptionError);
    expect(() => parseGrid('lrr=1,2')).toThrow(/^--grid: unknown option "lrr" \(options: lr, .*…\)$/);
  });

  it('refuses an option given twice, or two options setting one field', () => {
    expect(() => parseGrid('lr=1e-3 hidden=64 lr=3e-3')).toThrow('--grid: lr given twice; give each option once');
    expect(() => parseGrid('gru-reset-after=true gru-reset-before=true')).toThrow(/gru-reset-after and gru-reset-before both set model.gruResetAfter/);
  });

  it('fails a bad value with the flag\'s own message, prefixed with --grid and the axis', () => {
    expect(() => parseGrid('hidden=64,abc')).toThrow('--grid hidden=64,abc: --hidden: expected a positive integer, got "abc"');
    expect(() => parseGrid('cell=lstm,foo')).toThrow('--grid cell=lstm,foo: --cell: expected one of rnn, lstm, gru, got "foo"');
    expect(() => parseGrid('hidden=64,,128')).toThrow(/--hidden: expected a positive integer, got ""/);
    expect(() => parseGrid('hidden=64,64')).toThrow('--grid hidden=64,64: 64 given twice; give each value once');
  });

  it('says what is malformed and what the form is', () => {
    expect(() => parseGrid('')).toThrow(/^--grid: expected at least one axis NAME=V1,V2,…/);
    expect(() => parseGrid('lr=')).toThrow(/^--grid lr=: missing values; expected NAME=V1,V2,…/);
    expect(() => parseGrid('=3')).toThrow(/^--grid =3: expected NAME=V1,V2,…/);
    expect(() => parseGrid('lr')).toThrow(/^--grid lr: expected NAME=V1,V2,…/);
    expect(() => parseGrid('lr=loguniform(1e-4,1e-2)')).toThrow(/a grid takes a list V1,V2,…; distributions belong in --random/);
  });

  it('allows 1000 combinations and refuses more', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(',');
    expect(gridTrials(parseGrid(`hidden=${list(10)} batch=${list(100)}`))).toHaveLength(1000);
    expect(() => parseGrid(`hidden=${list(11)} batch=${list(100)}`)).toThrow('--grid: 1100 combinations (hidden 11 × batch 100), at most 1000; shorten an axis or use --random');
  });

  it('checks against the flag table it is given', () => {
    const flags: FlagSpec[] = [{ name: 'k', kind: 'int', min: 'positive', max: 10, help: '' }];
    expect(parseGrid('k=1,10', flags)).toEqual([{ flag: 'k', values: [1, 10] }]);
    expect(() => parseGrid('k=11', flags)).toThrow('--grid k=11: --k: expected a positive integer <= 10, got "11"');
    expect(() => parseGrid('lr=1', flags)).toThrow('--grid: unknown option "lr" (options: k)');
  });
});

describe('gridTrials', () => {
  it('gives every combination, the last axis varying fastest', () => {
    expect(gridTrials(parseGrid('lr=1e-3,3e-3 hidden=64,128 cell=rnn,gru'))).toEqual([
      { lr: 0.001, hidden: 64, cell: 'rnn' },
      { lr: 0.001, hidden: 64, cell: 'gru' },
      { lr: 0.001, hidden: 128, cell: 'rnn' },
      { lr: 0.001, hidden: 128, cell: 'gru' },
      { lr: 0.003, hidden: 64, cell: 'rnn' },
      { lr: 0.003, hidden: 64, cell: 'gru' },
      { lr: 0.003, hidden: 128, cell: 'rnn' },
      { lr: 0.003, hidden: 128, cell: 'gru' },
    ]);
  });

  it('refuses a distribution axis', () => {
    expect(() => gridTrials([{ flag: 'lr', dist: { kind: 'uniform', low: 0.1, high: 1 } }])).toThrow(/axis lr in gridTrials\(\)/);
  });
});

describe('parseRandom', () => {
  it('parses distributions and lists, spaces allowed inside the parentheses', () => {
    expect(parseRandom('lr=loguniform(1e-4, 1e-2) hidden=int(32,256) clip=uniform(0,5) cell=rnn,lstm,gru')).toEqual([
      { flag: 'lr', dist: { kind: 'loguniform', low: 1e-4, high: 1e-2 } },
      { flag: 'hidden', dist: { kind: 'int', low: 32, high: 256, integer: true } },
      { flag: 'clip', dist: { kind: 'uniform', low: 0, high: 5 } },
      { flag: 'cell', values: ['rnn', 'lstm', 'gru'] },
    ]);
  });

  it('says what is wrong with a malformed distribution and what is allowed', () => {
    const allowed = /expected NAME=uniform\(A,B\), NAME=loguniform\(A,B\) \(A > 0\), NAME=int\(A,B\) or NAME=V1,V2,…/;
    const malformed: [string, RegExp][] = [
      ['lr=loguniform(1e-4)', /^--random lr=loguniform\(1e-4\): loguniform\(\) takes two numbers A,B, got 1;/],
      ['lr=loguniform()', /loguniform\(\) takes two numbers A,B, got 0;/],
      ['lr=normal(0,1)', /^--random lr=normal\(0,1\): unknown distribution "normal";/],
      ['lr=loguniform(1e-4', /expected a closing "\)" at the end;/],
      ['lr=uniform(0.2,0.1)', /expected A < B, got 0.2 and 0.1;/],
      ['lr=uniform(0.1,0.1)', /expected A < B, got 0.1 and 0.1;/],
      ['layers=int(3,1)', /expected A <= B, got 3 and 1;/],
      ['clip=loguniform(0,1)', /loguniform\(\) needs A > 0, got 0;/],
    ];
    for (const [raw, message] of malformed) {
      expect(() => parseRandom(raw), raw).toThrow(message);
      expect(() => parseRandom(raw), raw).toThrow(allowed);
    }
    // an end that is not a number fails with the flag's own message
    expect(() => parseRandom('lr=uniform(0.1,x)')).toThrow('--random lr=uniform(0.1,x): --lr: expected a number, got "x"');
    expect(() => parseRandom('lr=uniform(0.1,Infinity)')).toThrow('--lr: expected a number, got "Infinity"');
    expect(() => parseRandom('layers=int(1,2.5)')).toThrow('--layers: expected an integer, got "2.5"');
    expect(() => parseRandom('')).toThrow(/^--random: expected at least one axis/);
    expect(() => parseRandom('lrr=uniform(0,1)')).toThrow(/^--random: unknown option "lrr" \(options: lr, /);
  });

  it('checks both ends against the flag\'s bounds', () => {
    expect(() => parseRandom('lr=uniform(0,0.1)')).toThrow('--random lr=uniform(0,0.1): low end: --lr: expected a positive number, got "0"');
    expect(() => parseRandom('hidden=uniform(0.5,64)')).toThrow('--random hidden=uniform(0.5,64): low end: --hidden: expected a positive integer, got "0.5"');
    const flags: FlagSpec[] = [{ name: 'k', kind: 'int', min: 'positive', max: 10, help: '' }];
    expect(() => parseRandom('k=int(1,11)', flags)).toThrow('--random k=int(1,11): high end: --k: expected a positive integer <= 10, got "11"');
  });

  it('allows distributions only for number flags, lists for any flag', () => {
    expect(() => parseRandom('cell=int(1,3)')).toThrow('--random cell=int(1,3): distributions are only for number flags; --cell takes a list V1,V2,…');
    expect(() => parseRandom('cell=lstm,foo')).toThrow('--random cell=lstm,foo: --cell: expected one of rnn, lstm, gru, got "foo"');
    // a string value that merely looks like a call
    expect(parseRandom('path=run(1).txt,b.txt')).toEqual([{ flag: 'path', values: ['run(1).txt', 'b.txt'] }]);
  });

  it('refuses an option given twice', () => {
    expect(() => parseRandom('lr=uniform(0.1,1) lr=0.1,0.2')).toThrow('--random: lr given twice; give each option once');
  });
});

describe('randomTrials', () => {
  const axes = parseRandom('lr=loguniform(1e-4,1e-2) hidden=int(32,256) cell=rnn,lstm,gru');

  it('is deterministic for a seed, and differs across seeds', () => {
    const a = randomTrials(axes, 20, 7);
    expect(a).toHaveLength(20);
    expect(randomTrials(axes, 20, 7)).toEqual(a);
    expect(randomTrials(axes, 20, 8)).not.toEqual(a);
    for (const t of a) expect(Object.keys(t)).toEqual(['lr', 'hidden', 'cell']);
  });

  it('draws loguniform within bounds, uniform in log space', () => {
    const lr = randomTrials(parseRandom('lr=loguniform(1e-4,1e-2)'), 1000, 1).map((t) => t.lr as number);
    for (const v of lr) expect(v >= 1e-4 && v <= 1e-2, String(v)).toBe(true);
    const logs = lr.map(Math.log10).sort((x, y) => x - y);
    const median = (logs[499] + logs[500]) / 2;
    expect(Math.abs(median - -3)).toBeLessThan(0.15);
    // uniform in log space: about a quarter of the draws below 10^-3.5
    expect(logs.filter((l) => l < -3.5).length).toBeGreaterThan(200);
    expect(logs.filter((l) => l < -3.5).length).toBeLessThan(300);
  });

  it('draws int(a,b) as integers with both ends included', () => {
    const layers = randomTrials(parseRandom('layers=int(1,3)'), 300, 3).map((t) => t.layers);
    expect(new Set(layers)).toEqual(new Set([1, 2, 3]));
    expect(randomTrials(parseRandom('seed=int(5,5)'), 10, 1).every((t) => t.seed === 5)).toBe(true);
  });

  it('rounds uniform and loguniform draws of an int flag, within the ends', () => {
    const hidden = randomTrials(parseRandom('hidden=loguniform(32,256)'), 500, 2).map((t) => t.hidden as number);
    for (const h of hidden) expect(Number.isInteger(h) && h >= 32 && h <= 256, String(h)).toBe(true);
    const clip = randomTrials(parseRandom('clip=uniform(0,5)'), 50, 2).map((t) => t.clip as number);
    expect(clip.some((c) => !Number.isInteger(c))).toBe(true);
  });

  it('chooses uniformly from a list', () => {
    const cells = randomTrials(parseRandom('cell=rnn,lstm,gru'), 600, 4).map((t) => t.cell);
    for (const c of ['rnn', 'lstm', 'gru']) {
      const n = cells.filter((x) => x === c).length;
      // 200 expected, sd about 11.5
      expect(n, c).toBeGreaterThan(150);
      expect(n, c).toBeLessThan(250);
    }
    expect(new Set(cells).size).toBe(3);
  });

  it('checks the trial count', () => {
    expect(randomTrials(axes, 0, 1)).toEqual([]);
    expect(() => randomTrials(axes, -1, 1)).toThrow('expected trials to be an integer >= 0 in randomTrials(), got -1');
    expect(() => randomTrials(axes, 1.5, 1)).toThrow(RangeError);
  });
});
