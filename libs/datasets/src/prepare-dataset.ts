/**
 * The entry point: a task config and a seed in, a PreparedDataset out (data loaded or generated,
 * split, tokenizers fitted on train only). Same (task, seed) -> same data and splits.
 */
import { formatZodIssues, TaskConfigSchema, TASKS, type TaskConfig } from '@rnnlab/contracts';
import { DataError } from './errors/data-error';
import { prepareAdding } from './tasks/adding-task';
import { prepareAddition } from './tasks/addition-task';
import { prepareCmudict } from './tasks/cmudict-task';
import { prepareCopy } from './tasks/copy-task';
import { prepareNamesByCategory } from './tasks/names-by-category-task';
import { prepareNames } from './tasks/names-task';
import { prepareReverse } from './tasks/reverse-task';
import { prepareSpam } from './tasks/spam-task';
import { prepareText } from './tasks/text-task';
import type { DatasetSources, PreparedDataset } from './types';

/**
 * Prepare the dataset of `task`. The task is validated again here (defaults applied), so bad input
 * fails with a DataError naming each field instead of deep inside a generator. `sources` carries
 * data that does not come from a file or a built-in corpus: the text of `task.upload`, which the
 * caller reads from the store (this function reads no store).
 *
 * @example
 * const ds = await prepareDataset(TaskConfigSchema.parse({ name: 'names' }), 1);
 * const it = ds.batches('train', { batch: 32, window: 64, seed: 1 });
 * const batch = it.next(); // SequenceBatch, tokens [32, 64]
 */
export async function prepareDataset(task: TaskConfig, seed: number, sources: DatasetSources = {}): Promise<PreparedDataset> {
  if (!Number.isFinite(seed)) throw new DataError(`expected seed to be a finite number in prepareDataset(), got ${seed}`);
  const parsed = TaskConfigSchema.safeParse(task);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error, TaskConfigSchema).map((i) => `task.${i}`);
    throw new DataError(`invalid task in prepareDataset() (tasks: ${TASKS.join(', ')}):\n  ${issues.join('\n  ')}`);
  }
  const t = parsed.data;
  switch (t.name) {
    case 'adding':
      return prepareAdding(t, seed);
    case 'copy':
      return prepareCopy(t, seed);
    case 'reverse':
      return prepareReverse(t, seed);
    case 'addition':
      return prepareAddition(t, seed);
    case 'names':
      return prepareNames(t, seed);
    case 'names-by-category':
      return prepareNamesByCategory(t, seed);
    case 'cmudict':
      return prepareCmudict(t, seed);
    case 'spam':
      return prepareSpam(t, seed);
    case 'text':
      return prepareText(t, sources);
  }
}
