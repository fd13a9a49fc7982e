/**
 * Bytes from encodeDataset() -> a PreparedDataset that behaves exactly like the one encoded: the
 * stored arguments go through the same builder (lmDataset, seq2seqDataset, classificationDataset)
 * and the stored recipes through the same prepareAdding / prepareCopy, so names, sizes, tokenizers,
 * batches and iterator positions are identical by construction.
 */
import { formatZodIssues, TASK_KINDS, TaskConfigSchema, TASKS, type TaskName } from '@rnnlab/contracts';
import { tokenizerFromJSON, type Tokenizer } from '@rnnlab/tokenization';
import { preview } from '../batching/position';
import { DataError } from '../errors/data-error';
import { prepareAdding } from '../tasks/adding-task';
import { prepareNamesByCategory } from '../tasks/names-by-category-task';
import { prepareCopy } from '../tasks/copy-task';
import { classificationDataset, seq2seqDataset } from '../tasks/example-datasets';
import { lmDataset } from '../tasks/lm-dataset';
import { mapSplits } from '../tasks/map-splits';
import type { DatasetBuilder } from '../tasks/dataset-source';
import type { PreparedDataset, Split } from '../types';
import { ArraySectionReader } from './array-section';
import { canonicalJson } from './canonical-json';
import { readContainer } from './container';
import { arrayAt, intAt, numberAt, objectAt, oneOf, stringAt, type Fields } from './header-fields';
import { readRagged } from './ragged-arrays';

const BUILDERS: readonly DatasetBuilder[] = ['lm', 'seq2seq', 'classification', 'recipe'];
/** the tasks stored as a recipe (their train split is generated on the fly, or built from bundled data) */
const RECIPE_TASKS: readonly TaskName[] = ['adding', 'copy', 'names-by-category'];

/** The header's `dataset` block: what the rebuilt dataset must show. */
interface StoredSummary {
  name: TaskName;
  kind: PreparedDataset['kind'];
  describe: string;
  outputSize: number;
  inputFeatures: number | undefined;
  sizes: Record<Split, number>;
}

/**
 * Load a dataset encoded by encodeDataset(). Throws DataError for foreign, truncated or corrupt
 * bytes and for another format version, naming what was wrong.
 *
 * @example
 * const ds = decodeDataset(await store.getPreparedDataset(id));
 * const it = ds.batches('train', { batch: 32, window: 64, seed: 1 });
 * it.seek(checkpoint.dataPosition);
 */
export function decodeDataset(bytes: Uint8Array): PreparedDataset {
  const { header, data } = readContainer(bytes);
  const h = objectAt(header, 'header');
  const builder = oneOf(h.builder, 'header.builder', BUILDERS);
  const stored = readSummary(objectAt(h.dataset, 'header.dataset'));
  const tokenizers = arrayAt(h.tokenizers, 'header.tokenizers').map(loadTokenizer);
  const args = objectAt(h.args, 'header.args');
  const tokenizerAt = (key: string): Tokenizer =>
    tokenizers[intAt(args[key], `header.args.${key}`, 0, tokenizers.length - 1)];
  const reader = new ArraySectionReader(data);
  const perSplit = <T>(key: string, read: (ref: unknown, path: string) => T): Record<Split, T> => {
    const rec = objectAt(args[key], `header.args.${key}`);
    return mapSplits({ train: 0, val: 0, test: 0 }, (_, split) => read(rec[split], `header.args.${key}.${split}`));
  };

  let ds: PreparedDataset;
  switch (builder) {
    case 'lm': {
      const tokenizer = tokenizerAt('tokenizer');
      ds = lmDataset({
        name: stored.name,
        describe: stored.describe,
        tokenizer,
        streams: perSplit('streams', (ref, path) => reader.read(ref, path, tokenizer.vocabSize)),
        defaultWindow: intAt(args.defaultWindow, 'header.args.defaultWindow'),
      });
      break;
    }
    case 'seq2seq': {
      const srcTokenizer = tokenizerAt('srcTokenizer');
      const tgtTokenizer = tokenizerAt('tgtTokenizer');
      ds = seq2seqDataset({
        name: stored.name,
        describe: stored.describe,
        srcTokenizer,
        tgtTokenizer,
        src: perSplit('src', (ref, path) => readRagged(reader, ref, path, srcTokenizer.vocabSize)),
        tgt: perSplit('tgt', (ref, path) => readRagged(reader, ref, path, tgtTokenizer.vocabSize)),
      });
      break;
    }
    case 'classification': {
      const tokenizer = tokenizerAt('tokenizer');
      const classes = intAt(args.classes, 'header.args.classes', 1);
      ds = classificationDataset({
        name: stored.name,
        describe: stored.describe,
        tokenizer,
        classes,
        seqs: perSplit('seqs', (ref, path) => readRagged(reader, ref, path, tokenizer.vocabSize)),
        labels: perSplit('labels', (ref, path) => reader.read(ref, path, classes)),
      });
      break;
    }
    case 'recipe':
      ds = rebuildRecipe(args, stored.name);
      break;
  }
  checkSummary(ds, stored, builder);
  return ds;
}

function readSummary(d: Fields): StoredSummary {
  const sizes = objectAt(d.sizes, 'header.dataset.sizes');
  return {
    name: oneOf(d.name, 'header.dataset.name', TASKS),
    kind: oneOf(d.kind, 'header.dataset.kind', TASK_KINDS),
    describe: stringAt(d.describe, 'header.dataset.describe'),
    outputSize: intAt(d.outputSize, 'header.dataset.outputSize', 1),
    inputFeatures: d.inputFeatures === undefined ? undefined : intAt(d.inputFeatures, 'header.dataset.inputFeatures', 1),
    sizes: mapSplits({ train: 0, val: 0, test: 0 }, (_, s) => intAt(sizes[s], `header.dataset.sizes.${s}`)),
  };
}

function loadTokenizer(json: unknown, i: number): Tokenizer {
  try {
    return tokenizerFromJSON(json);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new DataError(`corrupt header: header.tokenizers[${i}]: ${detail}`, { cause: err });
  }
}

/** adding, copy and names-by-category: the same prepare function on the stored (re-validated) task and seed. */
function rebuildRecipe(args: Fields, name: TaskName): PreparedDataset {
  const parsed = TaskConfigSchema.safeParse(args.task);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error, TaskConfigSchema).map((i) => `header.args.task.${i}`);
    throw new DataError(`corrupt header: invalid stored task:\n  ${issues.join('\n  ')}`);
  }
  const task = parsed.data;
  if (task.name !== name || !RECIPE_TASKS.includes(task.name)) {
    throw new DataError(
      `corrupt header: a recipe is stored for tasks ${RECIPE_TASKS.join(', ')} only, ` +
        `got task "${task.name}" for dataset "${name}"`,
    );
  }
  const seed = numberAt(args.seed, 'header.args.seed');
  if (task.name === 'names-by-category') return prepareNamesByCategory(task, seed);
  return task.name === 'adding' ? prepareAdding(task, seed) : prepareCopy(task, seed);
}

/** The rebuilt dataset must match what the encoder saw (else this build makes the task differently). */
function checkSummary(ds: PreparedDataset, stored: StoredSummary, builder: DatasetBuilder): void {
  const rebuilt: StoredSummary = {
    name: ds.name,
    kind: ds.kind,
    describe: ds.describe,
    outputSize: ds.outputSize,
    inputFeatures: ds.inputFeatures,
    sizes: ds.sizes,
  };
  for (const key of Object.keys(rebuilt) as (keyof StoredSummary)[]) {
    // a recipe's description is regenerated: a rewording alone does not make the data different
    if (key === 'describe' && builder === 'recipe') continue;
    if (canonicalJson({ v: rebuilt[key] }) !== canonicalJson({ v: stored[key] })) {
      throw new DataError(
        `the rebuilt dataset "${stored.name}" differs from the stored one in ${key}: stored ${preview(stored[key])}, ` +
          `rebuilt ${preview(rebuilt[key])}; this rnnlab builds the task differently at the same format version, ` +
          'so prepare the dataset again (and bump DATASET_FORMAT_VERSION)',
      );
    }
  }
}
