/**
 * `rnnlab train` refuses what it cannot do before step 1, resumes from a checkpoint's own config,
 * and says what it does (dataset summary, baselines, defaults, version). Real child processes.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rnnlab } from './testing/run-cli';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'rnnlab-train-e2e-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const TINY = ['--task', 'adding', '--seq-len', '8', '--hidden', '8', '--batch', '8', '--eval-every', '0', '--diag-every', '0'];
const events = (stdout: string) => stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('--resume takes the run from its checkpoint', () => {
  it('continues with only --resume and more --steps; refuses changes to the model with the checkpoint value', async () => {
    const dir = join(tmp, 'resume');
    const first = await rnnlab(['train', ...TINY, '--cell', 'gru', '--lr', '0.01', '--steps', '6', '--checkpoint-dir', dir, '--json']);
    expect(first.code).toBe(0);
    const more = await rnnlab(['train', '--checkpoint-dir', dir, '--resume', '--steps', '10', '--json', '--log-every', '1']);
    expect(more.stderr).toBe('');
    expect(more.code).toBe(0);
    const ev = events(more.stdout);
    expect(ev[0]).toMatchObject({ event: 'start', resumedFromStep: 6, totalSteps: 10 });
    expect(ev.filter((e) => e.event === 'step').map((e) => e.step)).toEqual([7, 8, 9, 10]);
    expect(ev.at(-1)).toMatchObject({ event: 'done', steps: 10, interrupted: false });

    const wider = await rnnlab(['train', '--checkpoint-dir', dir, '--resume', '--hidden', '64', '--cell', 'lstm']);
    expect(wider.code).toBe(2);
    expect(wider.stderr).toContain('rnnlab: --cell: cannot change when resuming: the checkpoint has "gru", got "lstm"\n');
    expect(wider.stderr).toContain('rnnlab: --hidden: cannot change when resuming: the checkpoint has 8, got 64\n');
    expect(wider.stdout).toBe('');

    const fewer = await rnnlab(['train', '--checkpoint-dir', dir, '--resume', '--steps', '4']);
    expect(fewer.code).toBe(2);
    expect(fewer.stderr).toContain('rnnlab: --steps: the checkpoint is at step 10, got 4 (give at least 10 to continue this run)\n');
    // the same command line as the first run, plus --resume, is fine
    const same = await rnnlab(['train', ...TINY, '--cell', 'gru', '--lr', '0.01', '--steps', '10', '--checkpoint-dir', dir, '--resume']);
    expect(same.code).toBe(0);
  });

  it('an empty directory, or one whose only checkpoint is corrupt, is an error naming the file and the reason', async () => {
    const empty = join(tmp, 'empty');
    await mkdir(empty);
    const r = await rnnlab(['train', '--checkpoint-dir', empty, '--resume']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rnnlab: --resume: ${empty} holds no checkpoint; to start a new run there, drop --resume\n`);

    const dir = join(tmp, 'corrupt');
    await rnnlab(['train', ...TINY, '--steps', '2', '--checkpoint-dir', dir]);
    const file = join(dir, 'ckpt-000000002.json');
    await writeFile(file, '{"sha256":"abc"}\n{"truncated":');
    const c = await rnnlab(['train', '--checkpoint-dir', dir, '--resume']);
    expect(c.code).toBe(2);
    expect(c.stderr).toBe(
      `rnnlab: warning: skipped ${file} is corrupt: its SHA-256 does not match (truncated or edited)\n` +
        `rnnlab: --resume: ${dir} holds no usable checkpoint (skipped 1, see above); to start a new run there, drop --resume\n`,
    );
    expect(await readdir(dir)).toEqual(['ckpt-000000002.json']); // nothing written beside it
    // a new run there would mix two runs' checkpoints
    const fresh = await rnnlab(['train', ...TINY, '--steps', '2', '--checkpoint-dir', dir]);
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toMatch(/^rnnlab: --checkpoint-dir: .* already holds checkpoints of a run \(newest ckpt-000000002\.json\): add --resume/);
  });
});

describe('refuses what it cannot do, before step 1', () => {
  for (const [name, args, pattern] of [
    ['16 layers of 8192 units', ['--task', 'adding', '--hidden', '8192', '--layers', '16'], /need about .* more than .*: lower --hidden, --layers/],
    ['copy with a lag of 100000', ['--task', 'copy', '--lag', '100000', '--hidden', '8'], /need about .*: lower --batch, --lag or --hidden, or set --tbptt/],
    ['adding, T = 100000, 10^7 examples', ['--task', 'adding', '--seq-len', '100000', '--size', '10000000'], /need about .*: lower --batch, --seq-len or --hidden/],
    ['adding, T = 100000, B = 65536', ['--task', 'adding', '--seq-len', '100000', '--batch', '65536'], /need about .*: lower --batch, --seq-len or --hidden/],
  ] as const) {
    it(`memory: ${name}`, async () => {
      const dir = join(tmp, `mem-${name.replace(/\W+/g, '-')}`);
      const r = await rnnlab(['train', ...args, '--steps', '10', '--checkpoint-dir', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.split('\n')).toHaveLength(2); // one line
      expect(r.stdout).toBe('');
      expect(existsSync(dir)).toBe(false);
    });
  }

  it('memory: --max-memory sets the limit', async () => {
    const r = await rnnlab(['train', '--task', 'adding', '--seq-len', '500', '--hidden', '512', '--steps', '2', '--max-memory', '16M']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rnnlab: this run needs about [\d.]+ GB of memory \(.*\), more than the limit of 16\.0 MB \(set by --max-memory\)/);
    const ok = await rnnlab(['train', ...TINY, '--steps', '2', '--max-memory', '1G']);
    expect(ok.code).toBe(0);
  });

  it('--checkpoint-dir under a regular file, or somewhere unwritable, fails before step 1', async () => {
    const file = join(tmp, 'a-file');
    await writeFile(file, 'x');
    for (const [dir, why] of [
      [join(file, 'sub'), 'cannot be created: a parent of it is a file, not a directory'],
      [file, 'exists and is not a directory'],
      ['/proc/rnnlab-nope', 'cannot be created (ENOENT)'],
    ]) {
      const r = await rnnlab(['train', ...TINY, '--steps', '100000', '--checkpoint-dir', dir]);
      expect(r.code, dir).toBe(2);
      expect(r.stderr).toBe(`rnnlab: --checkpoint-dir: "${dir}" ${why}\n`);
      expect(r.stdout).toBe('');
    }
  });

  for (const [args, message] of [
    [['--task', 'adding', '--lag', '5'], '--lag: applies to task copy only; this run\'s task is adding'],
    [['--task', 'copy', '--seq-len', '30'], '--seq-len: applies to tasks adding, reverse, names, cmudict, spam, text; this run\'s task is copy (a copy sequence is lag + 21 steps: set --lag)'],
    [['--task', 'adding', '--path', 'x.txt'], '--path: applies to task text only; this run\'s task is adding'],
    [['--task', 'reverse', '--seq-len', '5000'], '--seq-len: task reverse draws strings of length 1..100; got 5000'],
    [['--task', 'names', '--optimizer', 'sgd', '--beta1', '0.8'], '--beta1: applies to optimizer adam only; this run\'s optimizer is sgd'],
    [['--task', 'names', '--teacher-forcing', '0.5'], '--teacher-forcing: applies to encoder-decoder tasks reverse, addition, cmudict; this run\'s task is names'],
    [['--task', 'adding', '--one-to-many', 'first'], '--one-to-many: applies to the one-to-many task names-by-category only; this run\'s task is adding'],
    [['--task', 'names-by-category', '--tbptt', '4'], '--tbptt: does not apply to names-by-category (a name is at most 16 steps: full back-propagation)'],
    [['--task', 'adding', '--val-fraction', '0', '--patience', '1'], '--patience: early stopping needs a validation split (task.valFraction > 0)'],
    [['--task', 'adding', '--task', 'copy'], '--task: given twice ("copy" after "adding"); give it once'],
  ] as const) {
    it(`an option that does not apply is an error: ${args.join(' ')}`, async () => {
      const r = await rnnlab(['train', ...args, '--steps', '1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`rnnlab: ${message.replace('task.valFraction', '--val-fraction')}\n`);
      expect(r.stdout).toBe('');
    });
  }
});

describe('says what it does', () => {
  it('prints the dataset and the baseline, in text and in --json', async () => {
    const text = await rnnlab(['train', ...TINY, '--steps', '2']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^data {2}adding problem: T=8, .*val 2000, test 2000/m);
    expect(text.stdout).toMatch(/^model {2}\d[\d,]* parameters, engine \w+, memory about /m);
    expect(text.stdout).toMatch(/^mean_predictor_mse +- +- +0\.16\d\d$/m);
    const json = await rnnlab(['train', '--task', 'copy', '--lag', '3', '--hidden', '8', '--batch', '8', '--steps', '2', '--eval-every', '0', '--json']);
    const ev = events(json.stdout);
    expect(ev[0]).toMatchObject({ event: 'start', dataset: { name: 'copy', kind: 'tagging' } });
    expect(ev.at(-1)).toMatchObject({ event: 'done', baseline: { memoryless_loss: expect.any(Number) as number, memoryless_accuracy: expect.any(Number) as number } });
  });

  it('train --help shows each default, --version the version', async () => {
    const help = await rnnlab(['train', '--help']);
    expect(help.stdout).toMatch(/--lr X +learning rate \[train\.lr, default 0\.001\]/);
    expect(help.stdout).toMatch(/--max-memory SIZE/);
    const v = await rnnlab(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^rnnlab \d+\.\d+\.\d+\n$/);
  });

  it('tokenize counts characters, not UTF-16 units', async () => {
    const r = await rnnlab(['tokenize', '--tokenizer', 'char', '--text', 'naïve 🙂']);
    expect(r.stdout).toContain('(7 characters)');
  });
});

describe('bad checkpoint files exit 2 with the file and the real reason', () => {
  it('sample: not a checkpoint, corrupt, and a directory of corrupt files', async () => {
    const notOne = join(tmp, 'config.json');
    await writeFile(notOne, JSON.stringify({ task: { name: 'names' } }));
    const a = await rnnlab(['sample', '--checkpoint', notOne]);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(`rnnlab: ${notOne} is not an rnnlab checkpoint (its first line is not an rnnlab checkpoint header {"sha256":…})\n`);

    const dir = join(tmp, 'bad-dir');
    await mkdir(dir);
    const corrupt = join(dir, 'ckpt-000000005.json');
    await writeFile(corrupt, '{"sha256":"00"}\n{}');
    const b = await rnnlab(['sample', '--checkpoint', corrupt]);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(`rnnlab: ${corrupt} is corrupt: its SHA-256 does not match (truncated or edited)\n`);
    const c = await rnnlab(['sample', '--checkpoint', dir]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain(corrupt);
    expect(c.stderr).toContain('SHA-256 does not match');
  });
});
