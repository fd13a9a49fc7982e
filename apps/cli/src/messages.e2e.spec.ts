/**
 * End to end: bad input a new user is likely to type prints exactly one line naming the flag,
 * what was wrong and what is allowed, exits 2 and writes nothing (README, "Bad input"). Each case
 * spawns the real `bin/rnnlab.mjs` and compares stderr with the whole expected line, so internal
 * wording (`opts.batch`, `in batches()`, zod's `Too big`) cannot creep back in.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rnnlab as runCli } from './testing/run-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathsToFlags } from './errors';



let tmp: string;
/** the working directory of every run: must stay empty */
let cwd: string;
/** input files, outside `cwd` */
let files: string;

const rnnlab = (...args: string[]) => runCli(args, { cwd });

const file = (name: string) => join(files, name);

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'rnnlab-messages-'));
  cwd = join(tmp, 'cwd');
  files = join(tmp, 'files');
  await mkdir(cwd);
  await mkdir(files);
  // 100 lines of 23 characters: the train part (80%) is exactly 1840 characters, so 1840 char tokens
  await writeFile(file('small.txt'), 'the cat sat on the mat\n'.repeat(100));
  await writeFile(file('two.txt'), 'ab');
  await writeFile(file('bad.txt'), Buffer.from([0xff, 0xfe, 0x61, 0x0a]));
  await writeFile(file('hidden.json'), JSON.stringify({ task: { name: 'adding' }, model: { hidden: 9000 } }));
  await writeFile(file('typo.json'), JSON.stringify({ task: { name: 'adding' }, train: { lrr: 0.1 } }));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** [what, argv (with {dir} for the input directory), the one expected line after `rnnlab: `] */
const CASES: [string, string[], string][] = [
  ['a hidden size above the schema bound', ['train', '--task', 'adding', '--hidden', '9000'], '--hidden: expected an integer from 1 to 8192, got 9000'],
  ['a learning rate above the bound', ['train', '--task', 'adding', '--lr', '101'], '--lr: expected a positive number <= 100, got 101'],
  ['a validation fraction above the bound', ['train', '--task', 'adding', '--val-fraction', '0.6'], '--val-fraction: expected a number from 0 to 0.5, got 0.6'],
  [
    'a text too short for the default batch and window',
    ['train', '--task', 'text', '--path', '{dir}/small.txt', '--steps', '1'],
    'the train split holds 1840 tokens; --batch 64 × window 50 (--seq-len, or --tbptt when set) needs at least 3201: ' +
      'lower --batch or the window, or train on more data',
  ],
  [
    'a TBPTT window longer than the text allows',
    ['train', '--task', 'text', '--path', '{dir}/small.txt', '--batch', '4', '--tbptt', '1000', '--steps', '1'],
    'the train split holds 1840 tokens; --batch 4 × window 1000 (--seq-len, or --tbptt when set) needs at least 4001: ' +
      'lower --batch or the window, or train on more data',
  ],
  [
    'a BPE vocabulary smaller than its byte tokens',
    ['train', '--task', 'text', '--path', '{dir}/small.txt', '--tokenizer', 'bpe', '--vocab-size', '5', '--steps', '1'],
    '--tokenizer bpe with --vocab-size 5 for task "text": expected a vocabulary size from 260 to 67108864 (its 260 built-in tokens come first), got 5',
  ],
  [
    'tokenize with a BPE vocabulary of 3',
    ['tokenize', '--tokenizer', 'bpe', '--vocab-size', '3', '--text', 'abc'],
    '--vocab-size: expected a vocabulary size from 260 to 67108864 (its 260 built-in tokens come first), got 3',
  ],
  [
    'tokenize whitespace with the word tokenizer',
    ['tokenize', '--tokenizer', 'word', '--text', '   '],
    '--text: empty corpus: the word tokenizer found no tokens in 1 text(s) of 3 characters in total',
  ],
  [
    'validation and test fractions that leave no training examples',
    ['train', '--task', 'names', '--val-fraction', '0.5', '--test-fraction', '0.5', '--steps', '1'],
    'expected --val-fraction + --test-fraction < 1 (some examples must be left to train on), got 0.5 + 0.5',
  ],
  [
    'validation and test fractions that leave no training text',
    ['train', '--task', 'text', '--path', '{dir}/small.txt', '--val-fraction', '0.5', '--test-fraction', '0.5', '--steps', '1'],
    'the train part of "{dir}/small.txt" holds no text: --val-fraction 0.5 and --test-fraction 0.5 leave it the first 0% of the 2300 characters; lower them',
  ],
  [
    'a train split of one token',
    ['train', '--task', 'text', '--path', '{dir}/two.txt', '--batch', '1', '--seq-len', '1', '--val-fraction', '0.5', '--steps', '1'],
    'the train split of task "text" holds 1 token(s), fewer than the 2 a language model needs (one to read, one to predict): ' +
      'lower --val-fraction or --test-fraction, or train on more data',
  ],
  [
    'a text file that is not UTF-8',
    ['train', '--task', 'text', '--path', '{dir}/bad.txt', '--steps', '1'],
    'expected UTF-8 text in "{dir}/bad.txt" (--path), got an invalid byte sequence at byte 0 (0xff)',
  ],
  [
    'a config file field above its bound keeps its path and names the flag',
    ['train', '--config', '{dir}/hidden.json'],
    '--config {dir}/hidden.json: model.hidden: expected an integer from 1 to 8192, got 9000 (flag --hidden)',
  ],
  [
    'a misspelt config file field',
    ['train', '--config', '{dir}/typo.json'],
    '--config {dir}/typo.json: train: expected only known fields, got unknown field "lrr" (did you mean "lr"?)',
  ],
];

describe('bad input: one line naming the flag, exit 2, nothing written', () => {
  it.each(CASES)('%s', async (_what, argv, line) => {
    const r = await rnnlab(...argv.map((a) => a.replaceAll('{dir}', files)));
    expect(r.stderr).toBe(`rnnlab: ${line.replaceAll('{dir}', files)}\n`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/opts\.|options\.|\(\)|Too (big|small)|Invalid|Unrecognized|\n\s+at /);
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe('pathsToFlags (how reportError names flags in library messages)', () => {
  it('rewrites every known config path in prose', () => {
    expect(pathsToFlags('lower train.batch, task.seqLen or model.hidden, or set train.tbptt.')).toBe('lower --batch, --seq-len or --hidden, or set --tbptt.');
    expect(pathsToFlags('task.path: no such file')).toBe('--path: no such file');
  });

  it('leaves quoted text, file names, unknown paths and lines that name the flag already', () => {
    expect(pathsToFlags('no such file "/data/train.batch" (task.path)')).toBe('no such file "/data/train.batch" (--path)');
    expect(pathsToFlags('see /x/train.steps and train.steps.json')).toBe('see /x/train.steps and train.steps.json');
    expect(pathsToFlags('train.batchSize and task.unknown')).toBe('train.batchSize and task.unknown');
    expect(pathsToFlags('--config run.json: model.hidden: expected an integer from 1 to 8192, got 9000 (flag --hidden)')).toBe(
      '--config run.json: model.hidden: expected an integer from 1 to 8192, got 9000 (flag --hidden)',
    );
  });
});
