/**
 * Successive-halving rungs in the trainer: the decision is asked at each rung step with the
 * validation metric of the periodic evaluation; a stop ends the run there (checkpoint, final
 * evaluation); a run resumed at a rung asks again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type EvalEvent } from '@rnnlab/contracts';
import { initBackend } from '@rnnlab/models';
import { train } from './train';

const config = parseRunConfig({
  seed: 2,
  task: { name: 'adding', seqLen: 8, size: 200 },
  model: { cell: 'gru', hidden: 8 },
  train: { batch: 8, steps: 30, lr: 0.01, evalEvery: 5, evalBatches: 2, diagEvery: 0, checkpointEvery: 0 },
});
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('rungs', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('asks at every rung with the periodic evaluation, and runs on when told to', async () => {
    const asked: [number, number][] = [];
    const evals = new Map<number, number>();
    const done = await train(config, {
      engine: 'tfjs',
      rungs: { steps: [10, 20], decide: async (step, v) => (asked.push([step, v]), 'continue') },
      listener: { onEval: (e: EvalEvent) => void (e.final ? undefined : evals.set(e.step, e.metrics.mse)) },
    });
    expect(asked.map(([s]) => s)).toEqual([10, 20]);
    expect(asked.map(([, v]) => v)).toEqual([evals.get(10), evals.get(20)]);
    expect(done).toMatchObject({ steps: 30, stoppedEarly: false });
    expect(done.stoppedAtRung).toBeUndefined();
  });

  it('stops at the rung that says stop, with a final evaluation', async () => {
    const done = await train(config, { engine: 'tfjs', rungs: { steps: [10, 20], decide: async (step) => (step === 20 ? 'stop' : 'continue') } });
    expect(done).toMatchObject({ steps: 20, stoppedEarly: true, stoppedAtRung: 20, interrupted: false });
    expect(Number.isFinite(done.val.mse)).toBe(true);
  });

  it('asks again when resumed exactly at a rung, and a rung between evaluations gets its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnlab-rungs-'));
    dirs.push(dir);
    await train(config, { engine: 'tfjs', checkpointDir: dir, stopAfter: 12 });
    const asked: number[] = [];
    const done = await train(config, { engine: 'tfjs', checkpointDir: dir, resume: true, rungs: { steps: [12, 17], decide: async (s) => (asked.push(s), 'continue') } });
    expect(asked).toEqual([12, 17]);
    expect(done.steps).toBe(30);
  });
});
