export { prepareDataset } from './prepare-dataset';
export { encodeDataset } from './codec/encode-dataset';
export { decodeDataset } from './codec/decode-dataset';
export { DATASET_FORMAT_VERSION } from './codec/format';
export { listDatasets } from './list-datasets';
export type { DatasetInfo } from './list-datasets';
export { bigramBitsPerToken } from './baselines/bigram';
export { taskBaseline, type BaselineOptions } from './baselines/task-baseline';
export { DataError } from './errors/data-error';
export { splitIndices, splitCounts } from './splits/split-indices';
export type { SplitCounts, SplitFractions, SplitIndices } from './splits/split-indices';
export { decodeTextCorpus, normalizeCorpusText, readTextCorpus, MAX_TEXT_BYTES } from './sources/text-file-source';
export { ADDING_FEATURES, ADDING_BASELINE_MSE } from './synthetic/adding-problem';
export {
  COPY_BLANK,
  COPY_DELIMITER,
  COPY_MEMORIZE,
  COPY_SYMBOLS,
  COPY_VOCAB_SIZE,
  copyBaselineNats,
  copyLength,
} from './synthetic/copy-memory';
export type {
  Batch,
  BatchIterator,
  BatchOptions,
  ClassificationBatch,
  DatasetSources,
  PreparedDataset,
  RegressionBatch,
  Seq2SeqBatch,
  SequenceBatch,
  GenerationBatch,
  Split,
} from './types';
export { NAME_CATEGORIES } from './sources/names-source';
export type { NameCategory } from './sources/names-source';
export { parseUpload, MAX_UPLOAD_LINE_CHARS, MAX_UPLOAD_ALPHABET, MAX_JSON_DEPTH, MAX_CSV_COLUMNS } from './uploads/parse-upload';
export type { ParsedUpload } from './uploads/parse-upload';
export { parseUploadName } from './uploads/upload-name';
export type { UploadName } from './uploads/upload-name';
export { previewDataset, MAX_PREVIEW_EXAMPLES, PREVIEW_EXAMPLE_CHARS, SAMPLE_CHARS } from './preview/preview-dataset';
export type { BuiltInTask, DatasetExample, DatasetPreview } from './preview/preview-dataset';
