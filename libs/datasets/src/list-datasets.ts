/**
 * The catalogue behind `rnnlab datasets`: every task with its kind and, for built-in corpora, the
 * number of usable entries (loading a corpus once per process; the loaders cache).
 */
import type { TaskKind, TaskName } from '@rnnlab/contracts';
import { loadPronunciations } from './sources/cmudict-source';
import { loadFirstNames, loadNamesByCategory } from './sources/names-source';
import { loadLabelledEmails } from './sources/spam-source';
import { COPY_MEMORIZE, COPY_SYMBOLS } from './synthetic/copy-memory';

export interface DatasetInfo {
  name: TaskName;
  kind: TaskKind;
  description: string;
  /** usable entries of a built-in corpus; null for generated data and user files */
  size: number | null;
}

/** All tasks in contract order. Counting corpus entries loads them (cmudict ~0.2 s, spam ~0.7 s, cached). */
export function listDatasets(): DatasetInfo[] {
  return [
    {
      name: 'adding',
      kind: 'regression',
      description: 'adding problem (Hochreiter & Schmidhuber 1997): sum the two marked values of a length-T sequence',
      size: null,
    },
    {
      name: 'copy',
      kind: 'tagging',
      description: `copy memory: recall ${COPY_MEMORIZE} symbols over ${COPY_SYMBOLS} after task.lag blanks (Arjovsky et al. 2016)`,
      size: null,
    },
    { name: 'reverse', kind: 'seq2seq', description: 'reverse a random a-z string', size: null },
    { name: 'addition', kind: 'seq2seq', description: 'integer addition "123+45" -> "168"', size: null },
    {
      name: 'names',
      kind: 'lm',
      description: 'English first names (stdlib male + female lists), split by name',
      size: loadFirstNames().length,
    },
    {
      name: 'names-by-category',
      kind: 'generation',
      description: 'a first name from its category (female, male): one-to-many, the category the one input',
      // (name, category) pairs: a name on both lists counts twice
      size: Object.values(loadNamesByCategory()).reduce((n, names) => n + names.length, 0),
    },
    {
      name: 'cmudict',
      kind: 'seq2seq',
      description: 'CMU Pronouncing Dictionary: letters -> ARPAbet phonemes (letter-only words)',
      size: loadPronunciations().length,
    },
    {
      name: 'spam',
      kind: 'classification',
      description: 'SpamAssassin public corpus: ham (0) or spam (1), subject + body, duplicates removed',
      size: loadLabelledEmails().length,
    },
    { name: 'text', kind: 'lm', description: 'a local UTF-8 text file (task.path) or an uploaded dataset (task.upload), split contiguously', size: null },
  ];
}
