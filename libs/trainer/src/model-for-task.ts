/**
 * The model architecture a task implies: topology and input/output sizes from the dataset,
 * everything else from the run's model config.
 */
import type { RunConfig } from '@rnnlab/contracts';
import type { PreparedDataset } from '@rnnlab/datasets';
import type { ModelSpecInput } from '@rnnlab/models';

export function modelSpecFor(config: RunConfig, ds: PreparedDataset): ModelSpecInput {
  const base = { ...config.model, outputSize: ds.outputSize };
  const vocab = ds.inputTokenizer?.vocabSize ?? ds.outputSize;
  switch (ds.kind) {
    case 'regression':
      return { ...base, topology: 'many-to-one', input: { kind: 'dense', features: ds.inputFeatures ?? 1 } };
    case 'classification':
      return { ...base, topology: 'many-to-one', input: { kind: 'tokens', vocab } };
    case 'lm':
    case 'tagging':
      return { ...base, topology: 'many-to-many', input: { kind: 'tokens', vocab } };
    case 'seq2seq':
      return { ...base, topology: 'encoder-decoder', input: { kind: 'tokens', vocab } };
    case 'generation':
      // one-to-many: the category is the input (first step or every step), the previous character fed back
      return { ...base, topology: 'one-to-many', oneToMany: config.model.oneToMany ?? 'every', input: { kind: 'dense', features: ds.inputFeatures ?? 1 }, feedback: vocab };
  }
}

/** The window length of language-model batches: the TBPTT window, else the task's sequence length. */
export function lmWindow(config: RunConfig): number {
  return config.train.tbptt > 0 ? config.train.tbptt : config.task.seqLen;
}
