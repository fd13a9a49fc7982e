/**
 * Help text, generated from the flag tables in args.ts so that help and parsing never disagree.
 */
import { RunConfigSchema } from '@rnnlab/contracts';
import {
  BENCH_FLAGS,
  DATASETS_FLAGS,
  ENGINES_FLAGS,
  RUN_CONFIG_FLAGS,
  SAMPLE_FLAGS,
  TOKENIZE_FLAGS,
  TRAIN_FLAGS,
  VERIFY_FLAGS,
  flagArg,
  type FlagSpec,
} from './args';
import { CANCEL_FLAGS, COMPARE_FLAGS, EVALUATE_FLAGS, REPORT_FLAGS, FLEET_FLAGS, RUNS_FLAGS, SHOW_FLAGS, SUBMIT_FLAGS, UP_FLAGS, WAIT_FLAGS, DASHBOARD_COMMAND_FLAGS } from './fleet-args';
import { SWEEP_FLAGS } from './sweep-args';
import { USERS_FLAGS } from './users-args';

export interface CommandHelp {
  name: string;
  summary: string;
  synopsis: string;
  flags: readonly FlagSpec[];
  /** extra lines after the flag list */
  notes?: string[];
}

export const COMMAND_HELP: readonly CommandHelp[] = [
  {
    name: 'train',
    summary: 'train a model on a task',
    synopsis:
      'rnnlab train --task adding --seq-len 50 --cell gru --hidden 64 --batch 64 --steps 1500 --lr 0.001 --clip 1 --seed 1\n' +
      '             [--config FILE] [--checkpoint-dir DIR [--resume]] [--max-memory SIZE] [--json] [--engine auto|native|tfjs] [--threads N]\n' +
      '             [...one flag per config field]',
    flags: TRAIN_FLAGS,
    notes: [
      'Every RunConfig field has a flag (kebab-case of the field); flags override --config.',
      '--json prints one JSON object per line (step events about once a second; eval, diagnostics,',
      'checkpoint always); the last line is the done summary. Ctrl-C (or SIGTERM) stops after the current step,',
      'checkpointing first (exit 130, 143); a second Ctrl-C quits at once.',
      '--resume continues the run in --checkpoint-dir exactly, with the config stored in its checkpoint: other',
      'flags may repeat it, and may change only --steps (to extend the run), --eval-every, --eval-batches,',
      '--diag-every and --checkpoint-every. A new run refuses a directory that holds another run\'s checkpoints.',
      'Before step 1 the run is checked: options that do not apply to the task, the memory it needs (parameters,',
      'optimizer state, activations kept for back-propagation, data) against --max-memory, and that',
      '--checkpoint-dir is a writable directory.',
    ],
  },
  {
    name: 'sample',
    summary: 'generate text (or decode a source) from a checkpoint',
    synopsis:
      'rnnlab sample --checkpoint PATH [--prime TEXT] [--length N] [--temperature T] [--top-k K] [--seed S]  (language model)\n' +
      '              --checkpoint PATH --prime SOURCE [--length N] [--beam W]                               (seq2seq)\n' +
      '              --checkpoint PATH --category female|male [--count N] [--temperature T] [--top-k K]     (one-to-many)\n' +
      '              [--engine auto|native|tfjs] [--threads N]',
    flags: SAMPLE_FLAGS,
    notes: [
      'A one-to-many checkpoint (names-by-category) generates --count names (default 10) from --category alone.',
      'A language model (names, text) starts from a new line, as every training name and line did, then',
      'the prime; it never emits special tokens (<unk>, <pad>, <bos>, <eos>). A text model whose vocabulary',
      'has no newline (e.g. --tokenizer word) needs --prime. An encoder-decoder (reverse, addition, cmudict)',
      'decodes --prime greedily or by beam search. Options of the other kind are an error (exit 2).',
      'A prime is case-folded when the vocabulary is one-case (cmudict: "hello" reads as "HELLO");',
      'characters or words still outside the vocabulary are an error naming them (BPE spells anything).',
    ],
  },
  {
    name: 'verify',
    summary: 'check an engine against PyTorch reference fixtures',
    synopsis: 'rnnlab verify [--engine auto|native|tfjs] [--threads N] [--tolerance 1e-5] [--json] [FILE...]',
    flags: VERIFY_FLAGS,
    notes: [
      'Without FILE: the 7 PyTorch float64 fixtures bundled in libs/models/fixtures/reference',
      '(rnn, lstm, gru reset-after at 1 and 2 layers, gru reset-before), made by',
      'libs/models/scripts/make-reference-fixtures.py.',
      'Exit code 0 when every fixture matches, 1 on any mismatch, 2 on bad input.',
    ],
  },
  {
    name: 'bench',
    summary: 'time full training steps of a char language model (tokens/s)',
    synopsis:
      'rnnlab bench [--engine auto|native|tfjs|tf.layers] [--threads N] [--cell C --layers L --hidden H]\n' +
      '             [--batch 32] [--seq-len 64] [--vocab 65] [--min-time 1] [--reps 3] [--json]',
    flags: BENCH_FLAGS,
    notes: [
      'One-hot input, linear head, softmax cross-entropy, Adam: the model of ../shared/bench/torch_bench.py.',
      'Without --cell: rnn/lstm/gru x 1 and 2 layers at H=256, plus LSTM at H=128 and H=512, for every',
      'available engine (--engine auto) and the tf.layers baseline (model.trainOnBatch of tf.sequential),',
      'which runs at most 3 steps per repetition there to keep the matrix within minutes.',
      'With --cell: one config, on the engine --engine names (auto: the one auto picks).',
      'With --json one line per config, {"kind":"train","engine":...,"tokens_per_s":...}; the last line is the last config.',
    ],
  },
  {
    name: 'engines',
    summary: 'list the engines, whether each can run here (and why not), and which one auto picks',
    synopsis: 'rnnlab engines [--json]',
    flags: ENGINES_FLAGS,
  },
  {
    name: 'datasets',
    summary: 'list the built-in datasets',
    synopsis: 'rnnlab datasets [--json]',
    flags: DATASETS_FLAGS,
  },
  {
    name: 'tokenize',
    summary: 'fit a tokenizer and show how it splits a text',
    synopsis: 'rnnlab tokenize --tokenizer char|word|bpe [--vocab-size N] [--lowercase] (--text TEXT | --file PATH) [--fit-file PATH]',
    flags: TOKENIZE_FLAGS,
  },
  {
    name: 'submit',
    summary: 'queue a run for the fleet (same options as train); prints its id',
    synopsis: 'rnnlab submit --task adding --cell gru ... [--priority 0-100] [--engine auto|native|tfjs] [--json]',
    flags: SUBMIT_FLAGS,
    notes: [
      'The run row is written to the store (DATABASE_URL), then its job to Redis (REDIS_URL). The same config',
      'submitted again is the same run (ids are content hashes). A run estimated not to fit in a worker is refused.',
    ],
  },
  { name: 'runs', summary: 'list runs in the store', synopsis: 'rnnlab runs [--status S] [--experiment ID] [--limit N] [--json]', flags: RUNS_FLAGS },
  { name: 'show', summary: 'one run: status, attempts, final metrics, timeline', synopsis: 'rnnlab show ID [--json]', flags: SHOW_FLAGS },
  {
    name: 'wait',
    summary: 'wait until runs are finished',
    synopsis: 'rnnlab wait ID... [--timeout S] [--json]',
    flags: WAIT_FLAGS,
    notes: ['Exit code 0 when every run succeeded, 1 when one failed or was cancelled, or the timeout passed.'],
  },
  { name: 'cancel', summary: 'cancel a run, queued or running (its checkpoint is kept), or every unfinished run of an experiment', synopsis: 'rnnlab cancel (RUN_ID | EXPERIMENT_ID) [--json]', flags: CANCEL_FLAGS },
  { name: 'watch', summary: 'follow a run live (progress from Redis) until it is finished', synopsis: 'rnnlab watch ID', flags: SHOW_FLAGS },
  { name: 'retry', summary: 'queue a failed or cancelled run again (it resumes from its checkpoint)', synopsis: 'rnnlab retry ID [--json]', flags: CANCEL_FLAGS },
  {
    name: 'evaluate',
    summary: "score a run's model on a split, or on another dataset of the same kind",
    synopsis: 'rnnlab evaluate ID [--split train|val|test] [--seq-len N --lag N --size N ... --data-seed S] [--detach] [--json]',
    flags: EVALUATE_FLAGS,
    notes: [
      "A worker scores the run's newest checkpoint (its best weights when it stopped early) on the whole split and",
      'stores the result as an evaluation of the run (see `rnnlab show ID`). Dataset options change the task the',
      "run trained on (e.g. --seq-len 200 for an adding run trained at 50); token tasks need the run's vocabulary.",
      'Exit code 0 when it succeeded, 1 when it failed or the timeout passed.',
    ],
  },
  {
    name: 'compare',
    summary: 'compare cells over seeds on the same data, with statistics (an experiment)',
    synopsis:
      'rnnlab compare (--preset seed-claim|horizon | --task adding --seq-len 50 --cells rnn,lstm,gru --seeds 3) [train options…] [--match hidden|params] [--wait] [--json]\n' +
      '       rnnlab compare --battery adding|copy --lags 25,50,100,200 [compare options…]    (memory horizon per cell)\n' +
      '       rnnlab compare --task reverse --cells gru --context last,transform,attention …  (any model option given a list)',
    flags: COMPARE_FLAGS,
    notes: [
      'One run per cell x seed, all on one data seed (--data-seed, default --seed), as a BullMQ flow: each run',
      "prepares (once per dataset) and trains, then a report job computes per cell the mean and 95% CI of every final",
      "metric, pairwise tests (Welch's t-test; an exact permutation test when seeds are few; Holm-adjusted) and a",
      'verdict. The same comparison submitted twice is one experiment. --json prints {"experimentId","runIds"} last.',
      'A battery runs the comparison at every lag (adding: T; copy: the delay) and reports each cell\'s memory horizon:',
      'the longest lag up to which most of its seeds solve every lag. A model option given a list (--context a,b,',
      '--one-to-many first,every, --layers 1,2 …) adds one group per value. `rnnlab cancel x-…` cancels the experiment.',
    ],
  },
  {
    name: 'sweep',
    summary: 'search train options over trials, stopping the losers early (successive halving)',
    synopsis: "rnnlab sweep --task adding [train options…] (--grid 'lr=1e-3,3e-3 hidden=64,128' | --random 'lr=loguniform(1e-4,1e-2)' [--trials 16]) [--asha [--eta 3] [--min-steps R]] [--wait] [--json]",
    flags: SWEEP_FLAGS,
    notes: [
      'Each trial is a run of the experiment. With --asha, rungs at min-steps * eta^k: a trial reaching a rung goes on',
      'only when it is in the top 1/eta of the trials that reached it so far (the first always goes on); the others',
      'stop as stopped-early, their checkpoints kept. The report ranks the trials and names the best config. The same',
      'sweep submitted again is the same experiment: finished trials are not run again. --json prints {"experimentId","runIds"} last.',
    ],
  },
  { name: 'report', summary: "an experiment's report", synopsis: 'rnnlab report ID [--json|--markdown]', flags: REPORT_FLAGS },
  { name: 'fleet', summary: 'workers and queue counts', synopsis: 'rnnlab fleet [--json]', flags: FLEET_FLAGS },
  {
    name: 'worker',
    summary: 'prepare datasets, train and evaluate queued runs, plan requests, on this machine',
    synopsis: 'rnnlab worker [--concurrency N] [--threads T] [--queues train,prepare,evaluate,report,plan] [--max-memory SIZE]',
    flags: [],
    notes: ['See `rnnlab worker --help`.'],
  },
  {
    name: 'up',
    summary: 'the local platform: a private Redis (unless REDIS_URL), SQLite (unless DATABASE_URL), one worker',
    synopsis: 'rnnlab up [--demo] [--port P] [--host H] [--no-dashboard]',
    flags: UP_FLAGS,
    notes: ['`npm start` runs `rnnlab up --demo`: it prints the dashboard URL. Ctrl-C stops everything it started.'],
  },
  {
    name: 'dashboard',
    summary: 'serve the web dashboard (the production build; built first when missing or out of date)',
    synopsis: 'rnnlab dashboard [--port P] [--host H]',
    flags: DASHBOARD_COMMAND_FLAGS,
    notes: ['REDIS_URL and DATABASE_URL (default SQLite under RNNLAB_HOME) say which platform it shows. Ctrl-C stops it.'],
  },
  {
    name: 'users',
    summary: "the dashboard's users, roles and API tokens (the first admin is made here)",
    synopsis: 'rnnlab users add EMAIL --role viewer|editor|admin [--name NAME] | list | role EMAIL ROLE | token EMAIL --name NAME   [--json]',
    flags: USERS_FLAGS,
    notes: [
      'Until a user exists the dashboard runs in single-user local mode (no sign-in, on this machine only); after that everyone signs in.',
      'The password comes from RNNLAB_PASSWORD, else it is asked for on a terminal, else read from standard input; never from an argument.',
      '`token` prints a new API token once (scripts send it as Authorization: Bearer <token>); admins revoke tokens on the /users page.',
    ],
  },
];

/** `rnnlab --help`: every command with its synopsis. */
export function mainUsage(): string {
  const lines = [
    'rnnlab: define, train, compare and understand RNN / LSTM / GRU models',
    '',
    'Usage: rnnlab <command> [options]',
    '',
    'Commands:',
  ];
  for (const c of COMMAND_HELP) {
    lines.push(`  ${c.name.padEnd(9)} ${c.summary}`);
    lines.push(...c.synopsis.split('\n').map((l) => `      ${l}`));
  }
  lines.push(`  ${'help'.padEnd(9)} show this help, or a command's options: rnnlab help train`);
  lines.push(`  ${'--version'.padEnd(9)} print the version`);
  lines.push('', 'Run `rnnlab <command> --help` for all options of a command.');
  lines.push('With RNNLAB_URL=<dashboard address> and RNNLAB_TOKEN=<API token>, submit, compare, sweep, runs, show, report and cancel talk to that dashboard.');
  return lines.join('\n') + '\n';
}

/** Every RunConfig default, read from the schema itself (the task name is required, so any will do). */
const DEFAULTS = RunConfigSchema.parse({ task: { name: 'adding' } });

/** `, default 0.001` for a config flag, from the schema (nothing for fields without one, like --task). */
function defaultOf(f: FlagSpec): string {
  if (!f.path || f.path === 'task.name') return '';
  let v: unknown = DEFAULTS;
  for (const k of f.path.split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
  if (v === undefined) return '';
  if (f.kind === 'bool') return f.set === false ? (v === false ? ', default' : '') : v === (f.set ?? true) ? ', default' : '';
  return `, default ${String(v)}`;
}

/** `rnnlab <command> --help`: synopsis and every flag. */
export function commandUsage(name: string): string {
  const c = COMMAND_HELP.find((h) => h.name === name);
  if (!c) return mainUsage();
  const lines = [`rnnlab ${c.name}: ${c.summary}`, '', `Usage: ${c.synopsis}`, '', 'Options:'];
  const configFlags = new Set(RUN_CONFIG_FLAGS);
  const rows = c.flags.map((f) => {
    const arg = flagArg(f);
    const left = `  --${f.name}${arg ? ` ${arg}` : ''}`;
    const config = configFlags.has(f) && f.path ? ` [${f.path}${defaultOf(f)}]` : '';
    return [left, `${f.help}${config}`] as const;
  });
  const width = Math.min(44, Math.max(...rows.map(([l]) => l.length)) + 2);
  for (const [left, right] of rows) {
    lines.push(left.length >= width ? `${left}\n${' '.repeat(width)}${right}` : `${left.padEnd(width)}${right}`);
  }
  if (c.notes) lines.push('', ...c.notes);
  return lines.join('\n') + '\n';
}
