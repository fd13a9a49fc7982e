/**
 * Score a trained model (a checkpoint) on a whole split of a dataset: its own data, or another
 * dataset of the same kind (the adding problem at a longer T, a copy task with a longer lag). The
 * model must be able to read the dataset: same input and output sizes and, for token tasks, the
 * very vocabulary it was trained with.
 */
import { parseRunConfig, type Metrics, type TaskConfig } from '@rnnlab/contracts';
import type { PreparedDataset, Split } from '@rnnlab/datasets';
import { initBackend, RecurrentModel } from '@rnnlab/models';
import type { EngineChoice } from './api';
import { trainedWeights, type Checkpoint } from './checkpoint';
import { selectEngine } from './engines';
import { RunInputError } from './errors/run-input-error';
import { evaluate } from './evaluate';
import { lmWindow, modelSpecFor } from './model-for-task';

export interface CheckpointEvaluation {
  metrics: Metrics;
  /** the training step of the weights scored */
  step: number;
  /** examples scored (tokens for a language model) */
  examples: number;
}

export interface EvaluateCheckpointOptions {
  engine?: EngineChoice;
  threads?: number;
  /** the task `ds` was prepared from, when it is not the checkpoint's own */
  task?: TaskConfig;
}

const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(v);

/**
 * Metrics of the checkpoint's model (its best weights when it stopped early) over all of `split`.
 * Throws RunInputError when the model cannot read `ds`.
 * @example const { metrics } = await evaluateCheckpoint(ck, await prepareDataset(task, 1), 'test');
 */
export async function evaluateCheckpoint(ck: Checkpoint, ds: PreparedDataset, split: Split, o: EvaluateCheckpointOptions = {}): Promise<CheckpointEvaluation> {
  const trained = parseRunConfig(ck.config);
  const config = o.task ? { ...trained, task: o.task } : trained;
  if (o.task && o.task.name !== trained.task.name) {
    throw new RunInputError(`task: the model was trained on "${trained.task.name}"; it can be evaluated on that task only, got "${o.task.name}"`, ['task.name']);
  }
  const wanted = modelSpecFor(config, ds);
  const spec = ck.modelSpec as typeof wanted;
  if (canonical(wanted.input) !== canonical(spec.input) || wanted.outputSize !== spec.outputSize) {
    throw new RunInputError(
      `the model reads ${canonical(spec.input)} and outputs ${spec.outputSize}; this dataset needs ${canonical(wanted.input)} and ${wanted.outputSize}`,
      ['task'],
    );
  }
  const tokenizers: Record<string, unknown> = {};
  if (ds.inputTokenizer) tokenizers.input = ds.inputTokenizer.toJSON();
  if (ds.targetTokenizer) tokenizers.target = ds.targetTokenizer.toJSON();
  if (canonical(tokenizers) !== canonical(ck.tokenizers ?? {})) {
    throw new RunInputError(
      'task: this dataset\'s vocabulary is not the one the model was trained with (its tokenizer was fitted on other text); ' +
        'evaluate on a split of the run\'s own data, or on a dataset whose tokenizer fits to the same vocabulary',
      ['task'],
    );
  }
  await initBackend('auto');
  const model = new RecurrentModel(ck.modelSpec as ConstructorParameters<typeof RecurrentModel>[0], trained.seed, await selectEngine(o.engine ?? 'auto', { threads: o.threads }));
  try {
    model.setWeights(trainedWeights(ck));
    const batch = trained.train.batch;
    const window = lmWindow(config);
    // val and test end; the train split of a synthetic task never does, so score one epoch of it
    const perBatch = batch * (ds.kind === 'lm' ? window : 1);
    const maxBatches = split === 'train' ? Math.max(1, Math.ceil(ds.sizes.train / perBatch)) : Number.POSITIVE_INFINITY;
    const metrics = evaluate(model, ds, split, { batch, window, seed: trained.seed, maxBatches });
    return { metrics, step: ck.step, examples: ds.sizes[split] };
  } finally {
    model.dispose();
  }
}
