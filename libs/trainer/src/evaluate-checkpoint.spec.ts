import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfigInput } from '@rnnlab/contracts';
import { prepareDataset } from '@rnnlab/datasets';
import { latestCheckpoint, type Checkpoint } from './checkpoint';
import { RunInputError } from './errors/run-input-error';
import { evaluateCheckpoint } from './evaluate-checkpoint';
import { train } from './train';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rnnlab-evaluate-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function trained(input: RunConfigInput) {
  const config = parseRunConfig(input);
  const dir = tmp();
  const done = await train(config, { checkpointDir: dir, engine: 'tfjs' });
  const found = await latestCheckpoint(dir);
  if (!found) throw new Error('no checkpoint');
  return { config, done, ck: found.checkpoint as Checkpoint };
}

describe('evaluateCheckpoint', () => {
  it('scores the whole test split as training did, and a longer adding problem differently', async () => {
    const { config, done, ck } = await trained({ seed: 2, task: { name: 'adding', seqLen: 12, size: 400 }, model: { cell: 'gru', hidden: 12 }, train: { batch: 16, steps: 40, lr: 0.01, evalEvery: 20, diagEvery: 0, checkpointEvery: 20 } });
    const own = await evaluateCheckpoint(ck, await prepareDataset(config.task, config.seed), 'test', { engine: 'tfjs' });
    expect(own.step).toBe(40);
    expect(own.metrics.mse).toBeCloseTo(done.test.mse, 7);
    const longerTask = { ...config.task, seqLen: 30 };
    const longer = await evaluateCheckpoint(ck, await prepareDataset(longerTask, config.seed), 'val', { engine: 'tfjs', task: longerTask });
    expect(longer.metrics.mse).toBeGreaterThan(0);
    expect(longer.metrics.mse).not.toBeCloseTo(own.metrics.mse, 6);
    // the train split of a synthetic task never ends: one epoch of it is scored
    const onTrain = await evaluateCheckpoint(ck, await prepareDataset(config.task, config.seed), 'train', { engine: 'tfjs' });
    expect(Number.isFinite(onTrain.metrics.mse)).toBe(true);
  }, 120_000);

  it('refuses another task, and a vocabulary the model was not trained with', async () => {
    const a = join(tmp(), 'a.txt');
    const b = join(tmp(), 'b.txt');
    writeFileSync(a, 'abcabcabc abc\n'.repeat(200));
    writeFileSync(b, 'xyzxyz xyz\n'.repeat(200));
    const { config, ck } = await trained({ seed: 1, task: { name: 'text', path: a, seqLen: 8 }, model: { cell: 'rnn', hidden: 8 }, train: { batch: 4, steps: 4, evalEvery: 0, diagEvery: 0, checkpointEvery: 0 } });
    const copyTask = parseRunConfig({ task: { name: 'copy', lag: 3, size: 50 } }).task;
    await expect(evaluateCheckpoint(ck, await prepareDataset(copyTask, 1), 'test', { engine: 'tfjs', task: copyTask })).rejects.toThrow(/trained on "text".*got "copy"/);
    const other = { ...config.task, path: b };
    const err = await evaluateCheckpoint(ck, await prepareDataset(other, 1), 'test', { engine: 'tfjs', task: other }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunInputError);
    expect((err as Error).message).toMatch(/vocabulary is not the one the model was trained with|the model reads/);
    // its own data is fine
    const own = await evaluateCheckpoint(ck, await prepareDataset(config.task, 1), 'val', { engine: 'tfjs' });
    expect(own.metrics.loss).toBeGreaterThan(0);
  }, 120_000);
});
