export { initBackend, BACKENDS } from './backend';
export type { BackendChoice, BackendInfo } from './backend';
export { RecurrentModel, TFJS_ENGINE } from './model';
export type { Engine, LayerState, RunOptions, StackInput, DecoderState } from './model';
export { ModelSpecSchema, TOPOLOGIES, DEFAULT_MODEL_SPEC } from './model-spec';
export type { ModelSpec, ModelSpecInput, Topology } from './model-spec';
export { tfjsRecurrence, gatesOf, gateNamesOf } from './recurrence';
export type { CellSpec, RecurrenceArgs, RecurrenceResult, RecurrenceFn } from './recurrence';
export type { RecurrenceProbe } from './cells/sequence';
export { linear, embed, addBias, setFastTransposedMatMul } from './linear';
export { softmaxCrossEntropy, rowNll, meanSquaredError } from './losses';
export { spectralNorm, orthogonal, glorotUniform } from './init';
export { verifyFixture, ReferenceFixtureSchema } from './reference';
export type { FixtureReport, TensorCheck, ReferenceFixture } from './reference';
export { BUNDLED_FIXTURES_DIR, bundledFixtureFiles, bundledFixtures } from './bundled-fixtures';
export { expectedParamCount, expectedParamShapes } from './param-count';
export type { ParamShape } from './param-count';
export {
  serializeModel,
  deserializeModel,
  saveModelFile,
  loadModelFile,
  ModelFileSchema,
  MODEL_FILE_FORMAT,
  MODEL_FILE_VERSION,
} from './serialize';
export type { ModelFileJSON, WeightJSON, ModelExtras, LoadedModel } from './serialize';
export { ModelFileError } from './errors/model-file-error';
export { exportLayersModel, LAYERS_MODEL_FILE, LAYERS_WEIGHTS_FILE, LAYERS_EXPORT_TOPOLOGIES } from './layers-export';
export type { LayersModelExport, LayersModelJSON, LayersWeightSpec, KerasLayerJSON, ExportedModelInfo, NamedWeight } from './layers-export';
export { LayersExportError } from './errors/layers-export-error';
