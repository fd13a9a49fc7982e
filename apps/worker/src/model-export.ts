/**
 * A finished run's model in the TensorFlow.js layers format, stored as the run's artifacts
 * `tfjs-layers/model.json` and `tfjs-layers/weights.bin`, which the dashboard serves for download
 * and for `tf.loadLayersModel` in a browser.
 *
 * Best effort: a model that cannot be exported exactly (encoder–decoder, one-to-many, GRU
 * reset-after) or a failure on the way stores nothing, says why in the run's timeline (a warning)
 * (a failure also on stderr), and never fails the run. Idempotent: a run whose files are stored is not exported
 * again, and the store keeps the first write of each file.
 */
import { MODEL_ARTIFACT_FILES, MODEL_ARTIFACT_KIND } from '@rnnlab/contracts';
import type { Store } from '@rnnlab/store';
import { exportCheckpointLayers, parseCheckpoint } from '@rnnlab/trainer';

export interface ModelExportTarget {
  runId: string;
  attempt: number;
  host: string;
  /** the run's final step, which its newest checkpoint must be at; null: a finished run's newest checkpoint */
  step: number | null;
  /** the step of the weights its final metrics were computed with */
  bestStep: number;
}

/** Export and store the run's model; true when both files are stored (now or before). */
export async function storeModelExport(db: Store, t: ModelExportTarget): Promise<boolean> {
  const { runId } = t;
  let step = t.step;
  try {
    const stored = new Set((await db.listArtifacts(runId, MODEL_ARTIFACT_KIND)).map((a) => a.name));
    if (MODEL_ARTIFACT_FILES.every((f) => stored.has(f))) return true;
    const latest = await db.loadLatestCheckpoint(runId);
    if (!latest.found) throw new Error('the run has no valid checkpoint in the store');
    if (step !== null && latest.found.step !== step) throw new Error(`the newest checkpoint is at step ${latest.found.step}, the run ended at step ${step}`);
    step = latest.found.step;
    const ref = `store:${runId}@${latest.found.step}`;
    const { modelJson, weights } = exportCheckpointLayers(parseCheckpoint(new TextDecoder().decode(latest.found.data), ref), t.bestStep);
    // the weights first: a model.json is never served without the weights it names
    await db.putArtifact(runId, MODEL_ARTIFACT_KIND, 'weights.bin', weights);
    await db.putArtifact(runId, MODEL_ARTIFACT_KIND, 'model.json', new TextEncoder().encode(JSON.stringify(modelJson)));
    return true;
  } catch (e) {
    const message = `no TensorFlow.js model to download: ${(e as Error).message}`;
    // a model the format cannot hold (GRU reset-after, encoder-decoders) is a fact about the run, said
    // in its timeline; anything else is also a problem of this worker's, said on stderr
    if ((e as Error).name !== 'LayersExportError') process.stderr.write(`rnnlab worker: run ${runId}: ${message}\n`);
    await db.addEvent({ runId, attempt: t.attempt, kind: 'warning', step, host: t.host, message }).catch(() => undefined);
    return false;
  }
}
