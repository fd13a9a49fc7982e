/**
 * Storing a finished run's model for download, against a real SQLite store and real training
 * through the store's checkpoint interface (what the train processor does after a run succeeds):
 * stored once however often it is asked, restored by a later call if a file went missing, and a
 * model that cannot be exported stores nothing and says why in the run's timeline.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_ARTIFACT_KIND, parseRunConfig, type RunConfigInput } from '@rnnlab/contracts';
import { openStore, type Store } from '@rnnlab/store';
import { train } from '@rnnlab/trainer';
import { storeModelExport } from './model-export';
import { StoreCheckpoints } from './store-checkpoints';

let dir = '';
let file = '';
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rnnlab-model-export-'));
  file = join(dir, 'rnnlab.db');
  store = await openStore(`sqlite:${file}`);
});
afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** a run trained to its end with its checkpoints in the store */
async function trainedRun(input: RunConfigInput) {
  const config = parseRunConfig({ seed: 4, ...input });
  const { run } = await store.createRun({ id: `r-${randomUUID().slice(0, 8)}`, config, configHash: randomUUID(), engine: 'tfjs' });
  const done = await train(config, { checkpoints: new StoreCheckpoints(store, run.id), engine: 'tfjs' });
  return { runId: run.id, target: { runId: run.id, attempt: 1, host: 'test', step: done.steps, bestStep: done.bestStep } };
}

const TRAIN = { batch: 8, steps: 6, lr: 0.01, evalEvery: 3, evalBatches: 1, diagEvery: 0, checkpointEvery: 0 };

describe('storeModelExport', () => {
  it('stores model.json and weights.bin once, however often it is asked, and restores a missing file identically', async () => {
    const { runId, target } = await trainedRun({ task: { name: 'adding', seqLen: 8, size: 100 }, model: { cell: 'lstm', hidden: 8, layers: 2 }, train: TRAIN });
    expect(await storeModelExport(store, target)).toBe(true);
    const first = await store.listArtifacts(runId);
    expect(first.map((a) => `${a.kind}/${a.name}`)).toEqual([`${MODEL_ARTIFACT_KIND}/model.json`, `${MODEL_ARTIFACT_KIND}/weights.bin`]);
    const json = JSON.parse(new TextDecoder().decode((await store.getArtifact(runId, MODEL_ARTIFACT_KIND, 'model.json'))?.data)) as {
      format: string;
      weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[];
    };
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const floats = json.weightsManifest[0].weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(first[1].bytes).toBe(4 * floats);

    // asked again (a job delivered twice): nothing changes
    expect(await storeModelExport(store, target)).toBe(true);
    expect(await store.listArtifacts(runId)).toEqual(first);
    // the attempt that finished the run died before its model.json was stored: a later call stores the same file
    const db = new BetterSqlite3(file);
    db.prepare('delete from artifacts where run_id = ? and name = ?').run(runId, 'model.json');
    db.close();
    expect(await storeModelExport(store, { ...target, step: null })).toBe(true);
    const again = await store.listArtifacts(runId);
    expect(again.map((a) => [a.name, a.sha256, a.bytes])).toEqual(first.map((a) => [a.name, a.sha256, a.bytes]));
    expect(again[1].createdAt).toBe(first[1].createdAt); // weights.bin was not written again
    expect((await store.listEvents(runId)).filter((e) => e.kind === 'warning')).toEqual([]);
  });

  it('stores nothing for a model it cannot export, and says why in the timeline', async () => {
    const { runId, target } = await trainedRun({ task: { name: 'adding', seqLen: 8, size: 100 }, model: { cell: 'gru', gruResetAfter: true, hidden: 8 }, train: TRAIN });
    expect(await storeModelExport(store, target)).toBe(false);
    expect(await store.listArtifacts(runId)).toEqual([]);
    const warnings = (await store.listEvents(runId)).filter((e) => e.kind === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ step: 6, host: 'test' });
    expect(warnings[0].message).toMatch(/^no TensorFlow.js model to download: cannot export a GRU with gruResetAfter: true/);
    // asked again: the same warning, recorded once
    expect(await storeModelExport(store, target)).toBe(false);
    expect((await store.listEvents(runId)).filter((e) => e.kind === 'warning')).toHaveLength(1);
  });

  it('stores nothing when the newest checkpoint is not the final one', async () => {
    const { runId, target } = await trainedRun({ task: { name: 'adding', seqLen: 8, size: 100 }, model: { cell: 'rnn', hidden: 8 }, train: TRAIN });
    expect(await storeModelExport(store, { ...target, step: 7 })).toBe(false);
    expect(await store.listArtifacts(runId)).toEqual([]);
    expect((await store.listEvents(runId)).find((e) => e.kind === 'warning')?.message).toMatch(/the newest checkpoint is at step 6, the run ended at step 7/);
  });
});
