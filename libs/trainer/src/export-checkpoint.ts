/**
 * A finished run's model in the TensorFlow.js layers format, from its final checkpoint. The weights
 * are the ones its final metrics were computed with: the best step's when training restored them
 * (early stopping, or a last evaluation worse than the best: see the end of `train()`), else the
 * last step's.
 */
import { exportLayersModel, type LayersModelExport, type ModelSpecInput } from '@rnnlab/models';
import { unpack, type Checkpoint } from './checkpoint';

/**
 * Throws a LayersExportError (from @rnnlab/models) when the model cannot be exported exactly.
 * @example const { modelJson, weights } = exportCheckpointLayers(ck, done.bestStep);
 */
export function exportCheckpointLayers(ck: Checkpoint, bestStep: number): LayersModelExport {
  const packed = ck.bestWeights && bestStep !== ck.step ? ck.bestWeights : ck.weights;
  const weights = Object.entries(packed).map(([name, p]) => ({ name, shape: p.shape, data: unpack(p) }));
  return exportLayersModel({ spec: ck.modelSpec as ModelSpecInput, weights });
}
