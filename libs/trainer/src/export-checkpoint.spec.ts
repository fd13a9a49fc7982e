import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfigInput } from '@rnnlab/contracts';
import { exportLayersModel, initBackend } from '@rnnlab/models';
import { latestCheckpoint, unpack, type Checkpoint } from './checkpoint';
import { exportCheckpointLayers } from './export-checkpoint';
import { train } from './train';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function trained(input: RunConfigInput) {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-export-'));
  dirs.push(dir);
  const done = await train(parseRunConfig({ seed: 3, ...input }), { checkpointDir: dir });
  const found = await latestCheckpoint(dir);
  if (!found) throw new Error(`no checkpoint in ${dir}`);
  return { done, ck: found.checkpoint };
}

const exportOf = (ck: Checkpoint, weights: Checkpoint['weights']) =>
  exportLayersModel({ spec: ck.modelSpec as never, weights: Object.entries(weights).map(([name, p]) => ({ name, shape: p.shape, data: unpack(p) })) });

describe('exportCheckpointLayers', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it("exports the best step's weights when training ended on them (early stopping)", async () => {
    // a names LM at lr 0.1 whose validation gets worse: patience 2 stops it after its best step
    const { done, ck } = await trained({
      task: { name: 'names', seqLen: 16 },
      model: { cell: 'gru', gruResetAfter: false, hidden: 16 },
      train: { batch: 8, steps: 60, lr: 0.1, evalEvery: 3, evalBatches: 2, patience: 2, diagEvery: 0, checkpointEvery: 0 },
    });
    expect(done.stoppedEarly).toBe(true);
    expect(done.bestStep).toBeLessThan(ck.step);
    const e = exportCheckpointLayers(ck, done.bestStep);
    const best = exportOf(ck, ck.bestWeights as Checkpoint['weights']);
    expect(Buffer.from(e.weights).equals(Buffer.from(best.weights))).toBe(true);
    expect(Buffer.from(e.weights).equals(Buffer.from(exportOf(ck, ck.weights).weights))).toBe(false);
    expect(e.modelJson.modelTopology.config.layers.map((l) => l.class_name)).toEqual(['Embedding', 'GRU', 'Dense']);
  });

  it("exports the last step's weights otherwise", async () => {
    const { done, ck } = await trained({
      task: { name: 'adding', seqLen: 8, size: 100 },
      model: { cell: 'lstm', hidden: 8 },
      train: { batch: 8, steps: 6, lr: 0.01, evalEvery: 3, evalBatches: 1, diagEvery: 0, checkpointEvery: 0 },
    });
    expect(ck.step).toBe(done.steps);
    const e = exportCheckpointLayers(ck, done.bestStep);
    expect(Buffer.from(e.weights).equals(Buffer.from(exportOf(ck, ck.weights).weights))).toBe(true);
    expect(e.modelJson.userDefinedMetadata.rnnlab).toMatchObject({ cell: 'lstm', topology: 'many-to-one', input: { kind: 'dense', features: 2 }, outputSize: 1 });
  });
});
