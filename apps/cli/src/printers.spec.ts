import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DoneEvent, StepEvent } from '@rnnlab/contracts';
import { JsonLinesPrinter } from './printers/json-lines';
import { ProgressPrinter } from './printers/progress';
import { fmtDuration, fmtNum, formatTable } from './printers/format';

function collector(): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { out, text: () => chunks.join('') };
}

const step = (n: number): StepEvent => ({ event: 'step', step: n, loss: 1 / n, lr: 1e-3, gradNorm: 0.5, tokensPerS: 1000, elapsedMs: n * 10 });
const done: DoneEvent = {
  event: 'done', steps: 100, val: { mse: 0.01 }, test: { mse: 0.02 }, params: 1234, tokens_per_s: 5000, elapsedMs: 1000, stoppedEarly: false, bestStep: 100, interrupted: false,
};

describe('JsonLinesPrinter', () => {
  it('throttles steps to one a second, always writes other events, and ends with done', async () => {
    const { out, text } = collector();
    let now = 0;
    const p = new JsonLinesPrinter(out, { totalSteps: 300, now: () => now });
    for (let s = 1; s <= 250; s++) {
      now = s * 10; // 100 steps per second
      await p.onStep(step(s));
      if (s === 150) await p.onEval({ event: 'eval', step: s, split: 'val', metrics: { mse: 0.1 } });
      if (s === 160) await p.onCheckpoint({ event: 'checkpoint', step: s, path: '/tmp/ck', sha256: 'ab' });
      if (s === 170) await p.onDiagnostics({ event: 'diagnostics', step: s, globalGradNorm: 1, layers: [], dhNorms: [], dhRatio: null });
    }
    await p.onDone({ ...done, steps: 250 });
    const lines = text().trimEnd().split('\n').map((l) => JSON.parse(l) as { event: string; step?: number });
    // held-back steps 150, 160, 170 and 250 come out just before the events of their step
    expect(lines.filter((l) => l.event === 'step').map((l) => l.step)).toEqual([1, 101, 150, 160, 170, 201, 250]);
    expect(lines.map((l) => l.event)).toEqual([
      'step', 'step', 'step', 'eval', 'step', 'checkpoint', 'step', 'diagnostics', 'step', 'step', 'done',
    ]);
    expect(lines.at(-1)).toEqual({ ...done, steps: 250 });
    expect(p.done).toBe(true);
  });

  it('writes every N-th step with logEvery, and the last step', async () => {
    const { out, text } = collector();
    const p = new JsonLinesPrinter(out, { totalSteps: 25, logEvery: 10, now: () => 0 });
    for (let s = 1; s <= 25; s++) await p.onStep(step(s));
    const steps = text().trimEnd().split('\n').map((l) => (JSON.parse(l) as StepEvent).step);
    expect(steps).toEqual([1, 10, 20, 25]);
  });

  it('writes non-finite numbers as null (valid JSON)', async () => {
    const { out, text } = collector();
    await new JsonLinesPrinter(out, { totalSteps: 1 }).onStep({ ...step(1), loss: Number.NaN });
    expect(JSON.parse(text())).toMatchObject({ event: 'step', loss: null });
  });
});

describe('ProgressPrinter', () => {
  it('prints plain lines every N steps when not on a terminal', async () => {
    const { out, text } = collector();
    const p = new ProgressPrinter(out, { totalSteps: 100, tty: false, now: () => 0 });
    for (let s = 1; s <= 100; s++) await p.onStep(step(s));
    await p.onEval({ event: 'eval', step: 100, split: 'val', metrics: { mse: 0.0123 } });
    await p.onDone(done);
    const lines = text().trimEnd().split('\n');
    const stepLines = lines.filter((l) => l.startsWith('step '));
    expect(stepLines).toHaveLength(21); // step 1, then every 5 steps
    expect(stepLines[1]).toMatch(/^step 5\/100 {2}loss 0\.2 {2}lr 0\.001 {2}grad 0\.5 {2}1000 tok\/s/);
    expect(text()).not.toContain('\r');
    expect(lines).toContain('eval  step 100  val  mse 0.0123');
    expect(text()).toMatch(/done: 100 steps in 1\.0s, best step 100\nparams 1,234, 5000 tokens\/s\nmetric {3}val {2}test\nmse {5}0\.01 {2}0\.02\n$/);
  });

  it('adds a baseline column when the summary has one', async () => {
    const { out, text } = collector();
    await new ProgressPrinter(out, { totalSteps: 1, tty: false }).onDone({ ...done, val: { bpc: 2.5 }, test: {}, baseline: { bpc: 3.25 } });
    expect(text()).toMatch(/metric {2}val {2}test {2}baseline \(val\)\nbpc {5}2\.5 {5}- {12}3\.25\n$/);
  });

  it('redraws one line on a terminal and prints events above it', async () => {
    const { out, text } = collector();
    let now = 0;
    const p = new ProgressPrinter(out, { totalSteps: 10, tty: true, columns: 200, now: () => now });
    for (let s = 1; s <= 10; s++) {
      now = s * 1000;
      await p.onStep(step(s));
      if (s === 5) await p.onEval({ event: 'eval', step: 5, split: 'val', metrics: { mse: 0.5 } });
    }
    await p.onDone(done);
    const t = text();
    expect(t.split('\r\x1b[K').length - 1).toBe(11); // 10 redraws + clearing for the eval line
    expect(t).toContain('\r\x1b[Keval  step 5  val  mse 0.5\n');
    expect(t).toMatch(/step 5\/10 █{12}░{12} {2}50% {2}loss 0\.2 {2}lr 0\.001 {2}1000 tok\/s {2}ETA 5\.0s/);
    expect(t).toMatch(/step 10\/10 █{24} 100%.*ETA 0ms\ndone: /);
  });

  it('prints the dataset and model before step 1, a resume, warnings, and an interrupted summary', async () => {
    const { out, text } = collector();
    const p = new ProgressPrinter(out, { totalSteps: 100, tty: false, now: () => 0 });
    await p.onStart({
      event: 'start', dataset: { name: 'names', kind: 'lm', describe: 'first names: train 5000 names; V=54', sizes: { train: 1, val: 1, test: 1 }, vocab: 54 },
      params: 12345, engine: 'native', memory: { estimateBytes: 3 * 2 ** 20, limitBytes: 2 ** 30 }, resumedFromStep: 40, totalSteps: 100,
    });
    await p.onWarning({ event: 'warning', message: 'skipped ck is corrupt' });
    await p.onDone({ ...done, steps: 57, interrupted: true, val: {}, test: {} });
    expect(text()).toBe(
      'data  first names: train 5000 names; V=54\n' +
        'model  12,345 parameters, engine native, memory about 3.0 MB (limit 1.0 GB)\n' +
        'resume  from step 40 of 100\n' +
        'warning  skipped ck is corrupt\n' +
        'interrupted at step 57 of 100 after 1.0s (continue with --resume)\nparams 1,234, 5000 tokens/s\n',
    );
  });

  it('prints diagnostics per layer with per-gate σmax and reads the gradient ratio', async () => {
    const { out, text } = collector();
    const layer = (l: number, dh: number[]) => ({ layer: l, gradNorm: 0.5, whhSpectralNorm: 2, whhGateSpectralNorms: { i: 1, f: 1, g: 1, o: 1 }, saturation: { i: 0.1 }, dhNorms: dh });
    await new ProgressPrinter(out, { totalSteps: 10, tty: false }).onDiagnostics({
      event: 'diagnostics', step: 10, globalGradNorm: 0.7, layers: [layer(0, [1e-6, 1]), layer(1, [1e-9, 1])], dhNorms: [1e-9, 1], dhRatio: 1e-9,
    });
    expect(text()).toBe(
      'diag  step 10  grad 0.7  |dL/dh_1|/|dL/dh_2| 1.00e-9\n' +
        '      L0  grad 0.5  σmax(W_hh) i 1 f 1 g 1 o 1 (stacked 2)  |dL/dh_1| 1.00e-6 |dL/dh_2| 1  saturated i 10%\n' +
        '      L1  grad 0.5  σmax(W_hh) i 1 f 1 g 1 o 1 (stacked 2)  |dL/dh_1| 1.00e-9 |dL/dh_2| 1  saturated i 10%\n' +
        "      the gradient reaching step 1 is 1e-9 of step 2's: vanishing (step 1 barely learns from the loss)\n",
    );
  });

  it('cuts the progress line to the terminal width', async () => {
    const { out, text } = collector();
    const p = new ProgressPrinter(out, { totalSteps: 10, tty: true, columns: 30, now: () => 0 });
    await p.onStep(step(1));
    await p.close();
    expect(text()).toBe(`\r\x1b[Kstep 1/10 ██${'░'.repeat(17)}\n`);
  });
});

describe('format', () => {
  it('formats numbers, durations and tables', () => {
    expect([fmtNum(0), fmtNum(0.123456), fmtNum(1234.5), fmtNum(1e-5), fmtNum(Number.NaN)]).toEqual(['0', '0.1235', '1235', '1.00e-5', 'NaN']);
    expect([fmtDuration(500), fmtDuration(12_340), fmtDuration(245_000), fmtDuration(7_380_000)]).toEqual(['500ms', '12.3s', '4m05s', '2h03m']);
    expect(formatTable(['a', 'num'], [['xx', '1'], ['y', '22']], [1])).toBe('a   num\nxx    1\ny    22\n');
  });
});
