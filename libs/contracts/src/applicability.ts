/**
 * Which run-config fields a run actually uses. A field the user set explicitly that the run would
 * ignore (`--lag` on the adding problem, `--beta1` with SGD) is a mistake worth an error: silently
 * ignoring it makes a run that is not what its command line says.
 */
import type { RunConfig, TaskName } from './run-config';

export interface ApplicabilityIssue {
  /** dotted config path, e.g. `task.lag` */
  path: string;
  /** why it does not apply, e.g. `applies to task copy only; this run's task is adding` */
  reason: string;
}

/** Task fields and the tasks that read them (valFraction and testFraction apply to every task). */
const TASK_FIELDS: Record<string, readonly TaskName[]> = {
  seqLen: ['adding', 'reverse', 'names', 'cmudict', 'spam', 'text'],
  lag: ['copy'],
  size: ['adding', 'copy', 'reverse', 'addition', 'names', 'names-by-category', 'cmudict', 'spam'],
  path: ['text'],
  upload: ['text'],
  tokenizer: ['names', 'spam', 'text'],
  vocabSize: ['names', 'spam', 'text'],
  lowercase: ['names', 'names-by-category', 'cmudict', 'spam', 'text'],
  digits: ['addition'],
};

const SEQ2SEQ: readonly TaskName[] = ['reverse', 'addition', 'cmudict'];
/** tasks whose input is a real-valued vector per step, not tokens */
const DENSE_INPUT: readonly TaskName[] = ['adding'];
/** the reverse task draws strings of at most this length */
const REVERSE_MAX_SEQ_LEN = 100;

function taskList(tasks: readonly TaskName[]): string {
  return tasks.length === 1 ? `task ${tasks[0]} only` : `tasks ${tasks.join(', ')}`;
}

/**
 * The explicitly given fields (`given`: dotted paths) that `config` would not use, with the reason.
 * Fields left at their defaults are never reported.
 *
 * @example inapplicableFields(config, ['task.lag']) // [{ path: 'task.lag', reason: 'applies to task copy only; …' }]
 */
export function inapplicableFields(config: RunConfig, given: Iterable<string>): ApplicabilityIssue[] {
  const set = new Set(given);
  const issues: ApplicabilityIssue[] = [];
  const task = config.task.name;
  const m = config.model;
  const t = config.train;
  const check = (path: string, applies: boolean, reason: string) => {
    if (set.has(path) && !applies) issues.push({ path, reason });
  };
  for (const [field, tasks] of Object.entries(TASK_FIELDS)) {
    const hint = task === 'copy' && field === 'seqLen' ? ' (a copy sequence is lag + 21 steps: set task.lag)' : '';
    check(`task.${field}`, tasks.includes(task), `applies to ${taskList(tasks)}; this run's task is ${task}${hint}`);
  }
  if (set.has('task.vocabSize') && TASK_FIELDS.vocabSize.includes(task) && config.task.tokenizer === 'char') {
    issues.push({ path: 'task.vocabSize', reason: 'applies to the word and bpe tokenizers; a char tokenizer keeps every character' });
  }
  if (task === 'reverse' && config.task.seqLen > REVERSE_MAX_SEQ_LEN && set.has('task.seqLen')) {
    issues.push({ path: 'task.seqLen', reason: `task reverse draws strings of length 1..${REVERSE_MAX_SEQ_LEN}; got ${config.task.seqLen}` });
  }
  check('model.nonlinearity', m.cell === 'rnn', `applies to cell rnn only; this run's cell is ${m.cell}`);
  check('model.gruResetAfter', m.cell === 'gru', `applies to cell gru only; this run's cell is ${m.cell}`);
  check('model.forgetBias', m.cell === 'lstm', `applies to cell lstm only; this run's cell is ${m.cell}`);
  check('model.embed', !DENSE_INPUT.includes(task), `applies to token inputs; task ${task} feeds real-valued vectors`);
  check('model.oneToMany', task === 'names-by-category', `applies to the one-to-many task names-by-category only; this run's task is ${task}`);
  check('model.context', SEQ2SEQ.includes(task), `applies to encoder-decoder ${taskList(SEQ2SEQ)}; this run's task is ${task}`);
  check('train.teacherForcing', SEQ2SEQ.includes(task), `applies to encoder-decoder ${taskList(SEQ2SEQ)}; this run's task is ${task}`);
  check('train.tbptt', !SEQ2SEQ.includes(task), `does not apply to encoder-decoder tasks (${SEQ2SEQ.join(', ')})`);
  check('train.tbptt', task !== 'names-by-category', 'does not apply to names-by-category (a name is at most 16 steps: full back-propagation)');
  check('train.momentum', t.optimizer === 'sgd' || t.optimizer === 'rmsprop', `applies to optimizers sgd and rmsprop; this run's optimizer is ${t.optimizer}`);
  check('train.beta1', t.optimizer === 'adam', `applies to optimizer adam only; this run's optimizer is ${t.optimizer}`);
  check('train.beta2', t.optimizer === 'adam', `applies to optimizer adam only; this run's optimizer is ${t.optimizer}`);
  check('train.eps', t.optimizer !== 'sgd', `applies to optimizers adam and rmsprop; this run's optimizer is sgd`);
  check('train.stepSize', t.schedule === 'step', `applies to schedule step only; this run's schedule is ${t.schedule}`);
  check('train.gamma', t.schedule === 'step', `applies to schedule step only; this run's schedule is ${t.schedule}`);
  check('train.clipMode', t.clip > 0, 'applies when clipping is on (train.clip > 0)');
  if (set.has('train.patience') && t.patience > 0) {
    if (t.evalEvery === 0) issues.push({ path: 'train.patience', reason: 'early stopping needs periodic validation (train.evalEvery > 0)' });
    else if (config.task.valFraction === 0) issues.push({ path: 'train.patience', reason: 'early stopping needs a validation split (task.valFraction > 0)' });
  }
  return issues;
}
