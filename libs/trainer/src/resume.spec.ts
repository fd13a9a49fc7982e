import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type DoneEvent, type RunConfig, type RunConfigInput } from '@rnnlab/contracts';
import { initBackend } from '@rnnlab/models';
import { latestCheckpoint, unpack, type Checkpoint } from './checkpoint';
import { CheckpointError } from './errors/checkpoint-error';
import { RunInputError } from './errors/run-input-error';
import { resumeConflicts } from './resume';
import { train } from './train';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rnnlab-resume-'));
  dirs.push(d);
  return d;
};

const cfg = (input: RunConfigInput) => parseRunConfig({ seed: 3, ...input });

/** names LM, GRU-16 at lr 0.1: validation is best at step 27, patience 2 stops it at step 33 */
const EARLY: RunConfigInput = {
  task: { name: 'names', seqLen: 16 },
  model: { cell: 'gru', hidden: 16 },
  train: { batch: 8, steps: 60, lr: 0.1, evalEvery: 3, evalBatches: 2, patience: 2, diagEvery: 0, checkpointEvery: 0 },
};

const MATRIX: [string, RunConfigInput, number][] = [
  ['early stopping, interrupted between the best step and the stop', EARLY, 30],
  ['TBPTT with dropout (adding, GRU x2)', { task: { name: 'adding', seqLen: 12, size: 200 }, model: { cell: 'gru', hidden: 16, layers: 2, dropout: 0.2 }, train: { batch: 8, steps: 12, lr: 0.01, tbptt: 5, evalEvery: 5, evalBatches: 2, diagEvery: 0, checkpointEvery: 0 } }, 7],
  ['LM with carried state and dropout', { task: { name: 'names', seqLen: 16 }, model: { cell: 'lstm', hidden: 16, layers: 2, dropout: 0.1 }, train: { batch: 8, steps: 12, lr: 0.01, evalEvery: 5, evalBatches: 2, diagEvery: 0, checkpointEvery: 0 } }, 7],
  ['cosine schedule with warm-up', { task: { name: 'copy', lag: 5, size: 200 }, model: { cell: 'lstm', hidden: 16 }, train: { batch: 8, steps: 14, lr: 0.01, schedule: 'cosine', warmup: 6, evalEvery: 4, evalBatches: 1, diagEvery: 0, checkpointEvery: 0 } }, 4],
  ['step schedule, SGD with momentum', { task: { name: 'adding', seqLen: 10, size: 200 }, model: { cell: 'rnn', hidden: 16 }, train: { batch: 8, steps: 12, lr: 0.05, optimizer: 'sgd', momentum: 0.9, schedule: 'step', stepSize: 4, gamma: 0.5, evalEvery: 4, evalBatches: 1, diagEvery: 0, checkpointEvery: 0 } }, 6],
  ['seq2seq with attention and scheduled sampling', { task: { name: 'reverse', seqLen: 6, size: 200 }, model: { cell: 'gru', hidden: 16, context: 'attention' }, train: { batch: 8, steps: 12, lr: 0.01, teacherForcing: 0.5, evalEvery: 5, evalBatches: 2, diagEvery: 0, checkpointEvery: 0 } }, 7],
];

async function last(dir: string): Promise<Checkpoint> {
  const found = await latestCheckpoint(dir);
  if (!found) throw new Error(`no checkpoint in ${dir}`);
  return found.checkpoint;
}

/** Bytes of every weight (and best weight) of a checkpoint, for bit-for-bit comparison. */
function bytes(ck: Checkpoint): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ck.weights)) out[k] = Buffer.from(unpack(v).buffer).toString('base64');
  for (const [k, v] of Object.entries(ck.bestWeights ?? {})) out[`best:${k}`] = Buffer.from(unpack(v).buffer).toString('base64');
  return out;
}

/** What must be equal between two runs (timings are not). */
function outcome(d: DoneEvent) {
  return { steps: d.steps, val: d.val, test: d.test, bestStep: d.bestStep, stoppedEarly: d.stoppedEarly, interrupted: d.interrupted };
}

describe('resume equals an uninterrupted run, bit for bit', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('the early-stopping case is the hard one: the best step comes before the interruption, the stop after it', async () => {
    const evals: number[] = [];
    const done = await train(cfg(EARLY), { listener: { onEval: (e) => void (e.final ? null : evals.push(e.step)) } });
    expect(done).toMatchObject({ stoppedEarly: true, bestStep: 27, steps: 33 });
    expect(evals.at(-1)).toBe(33);
  });

  for (const [name, input, stopAt] of MATRIX) {
    it(`stopped at step ${stopAt} and resumed: ${name}`, async () => {
      const config = cfg(input);
      const full = tmp();
      const a = await train(config, { checkpointDir: full });
      const part = tmp();
      const first = await train(config, { checkpointDir: part, stopAfter: stopAt });
      expect(first).toMatchObject({ steps: stopAt, interrupted: true, val: {}, test: {} });
      const stepsRun: number[] = [];
      const b = await train(config, { checkpointDir: part, resume: true, listener: { onStep: (e) => void stepsRun.push(e.step) } });
      expect(stepsRun[0]).toBe(stopAt + 1); // continued, not restarted
      expect(outcome(b)).toEqual(outcome(a));
      expect(bytes(await last(part))).toEqual(bytes(await last(full)));
    });
  }

  it('a finished run extended with more steps equals a run that had them from the start (early stopping)', async () => {
    const long = cfg(EARLY);
    const short: RunConfig = { ...long, train: { ...long.train, steps: 30 } };
    const a = await train(long, { checkpointDir: tmp() });
    const dir = tmp();
    const s = await train(short, { checkpointDir: dir });
    expect(s).toMatchObject({ steps: 30, interrupted: false, stoppedEarly: false });
    const b = await train(long, { checkpointDir: dir, resume: true });
    expect(outcome(b)).toEqual(outcome(a));
    expect(b).toMatchObject({ steps: 33, bestStep: 27, stoppedEarly: true });
  });

  it('resuming a run that stopped early ends it again with the best weights, without training', async () => {
    const dir = tmp();
    const a = await train(cfg(EARLY), { checkpointDir: dir });
    let steps = 0;
    const b = await train(cfg(EARLY), { checkpointDir: dir, resume: true, listener: { onStep: () => void steps++ } });
    expect(steps).toBe(0);
    expect(outcome(b)).toEqual(outcome(a));
  });
});

describe('the best step and checkpoints', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('the final step counts for the best step', async () => {
    const evals: { step: number; mse: number }[] = [];
    const config = cfg({ task: { name: 'adding', seqLen: 10, size: 200 }, model: { cell: 'gru', hidden: 16 }, train: { batch: 16, steps: 12, lr: 0.01, evalEvery: 4, evalBatches: 2, diagEvery: 0 } });
    const done = await train(config, { listener: { onEval: (e) => void (e.final ? null : evals.push({ step: e.step, mse: e.metrics.mse })) } });
    expect(evals.map((e) => e.step)).toEqual([4, 8, 12]);
    const best = evals.reduce((x, y) => (y.mse < x.mse ? y : x));
    expect(best.step).toBe(12); // the case the issue saw: the last step is the best
    expect(done.bestStep).toBe(12);
  });

  it('also checkpoints by time when asked (checkpointEverySeconds), and resumes exactly from such a checkpoint', async () => {
    const dir = tmp();
    const at: number[] = [];
    const config = cfg({ task: { name: 'adding', seqLen: 8, size: 100 }, model: { hidden: 8 }, train: { batch: 8, steps: 400, checkpointEvery: 0, evalEvery: 0, diagEvery: 0 } });
    const stopped = await train(config, { checkpointDir: dir, checkpointEverySeconds: 0.001, stopAfter: 37, listener: { onCheckpoint: (e) => void at.push(e.step) } });
    expect(stopped.steps).toBe(37);
    // checkpointEvery 0 alone writes only the last one; by time (1 ms here) also ones before it
    expect(at.filter((s) => s < 37).length).toBeGreaterThan(0);
    const b = await train(config, { checkpointDir: dir, resume: true });
    const full = tmp();
    const a = await train(config, { checkpointDir: full });
    expect(outcome(b)).toEqual(outcome(a));
    expect(bytes(await last(dir))).toEqual(bytes(await last(full)));
  });

  it('writes one checkpoint at the last step when the step count is a multiple of checkpointEvery', async () => {
    const dir = tmp();
    const at: number[] = [];
    const config = cfg({ task: { name: 'adding', seqLen: 8, size: 100 }, model: { hidden: 8 }, train: { batch: 8, steps: 10, checkpointEvery: 5, evalEvery: 0, diagEvery: 0 } });
    await train(config, { checkpointDir: dir, listener: { onCheckpoint: (e) => void at.push(e.step) } });
    expect(at).toEqual([5, 10]);
  });
});

describe('what a resume refuses', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });
  const base = () => cfg({ task: { name: 'adding', seqLen: 8, size: 100 }, model: { hidden: 8 }, train: { batch: 8, steps: 6, evalEvery: 0, diagEvery: 0, checkpointEvery: 0 } });

  it('an empty store is an error unless asked to start fresh when there is nothing', async () => {
    const dir = tmp();
    const err = await train(base(), { checkpointDir: dir, resume: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as Error).message).toBe(`nothing to resume in ${dir}: it holds no checkpoint`);
    const fresh = await train(base(), { checkpointDir: dir, resume: 'if-present' });
    expect(fresh.steps).toBe(6);
  });

  it('names every corrupt checkpoint it skipped, and refuses when none is usable', async () => {
    const dir = tmp();
    await train(base(), { checkpointDir: dir });
    const { writeFile } = await import('node:fs/promises');
    const file = join(dir, 'ckpt-000000006.json');
    await writeFile(file, '{"sha256":"00"}\n{}');
    const warnings: string[] = [];
    const err = await train(base(), { checkpointDir: dir, resume: true, listener: { onWarning: (w) => void warnings.push(w.message) } }).catch((e: unknown) => e);
    expect(warnings).toEqual([`skipped ${file} is corrupt: its SHA-256 does not match (truncated or edited)`]);
    expect((err as Error).message).toContain(`nothing to resume in ${dir}: every checkpoint there is unusable (${file} is corrupt`);
  });

  it('a config that changes the model is refused, naming the field and both values; more steps are fine', async () => {
    const dir = tmp();
    await train(base(), { checkpointDir: dir });
    const other = base();
    const wider = { ...other, model: { ...other.model, hidden: 16 } };
    const err = await train(wider, { checkpointDir: dir, resume: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunInputError);
    expect((err as Error).message).toMatch(/^model\.hidden: cannot change when resuming: the checkpoint has 8, got 16\n/);
    const fewer = { ...other, train: { ...other.train, steps: 3 } };
    expect(((await train(fewer, { checkpointDir: dir, resume: true }).catch((e: unknown) => e)) as Error).message).toMatch(
      /^train\.steps: the checkpoint is at step 6, got 3/,
    );
    const more = { ...other, train: { ...other.train, steps: 9, evalEvery: 3 } };
    expect((await train(more, { checkpointDir: dir, resume: true })).steps).toBe(9);
  });

  it('resumeConflicts lists only what a resume may not change', () => {
    const a = base();
    const b = { ...a, seed: 4, train: { ...a.train, steps: 100, lr: 0.5, evalEvery: 7 } };
    expect(resumeConflicts(a, b).map((c) => c.path).sort()).toEqual(['seed', 'train.lr']);
  });
});
