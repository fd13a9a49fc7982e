/**
 * Files a finished run produces for download, kept in the store as artifacts keyed (run, kind,
 * name). `tfjs-layers` is the trained model in the TensorFlow.js layers format: the worker writes
 * it, the dashboard serves it at /api/v1/runs/<id>/model/<file>. Its model.json names weights.bin
 * relative to itself, so the two are always served side by side under these names.
 */
export const MODEL_ARTIFACT_KIND = 'tfjs-layers';
export const MODEL_ARTIFACT_FILES = ['model.json', 'weights.bin'] as const;
export type ModelArtifactFile = (typeof MODEL_ARTIFACT_FILES)[number];
