import { describe, expect, it } from 'vitest';
import { RunConfigSchema, TASKS } from '@rnnlab/contracts';
import {
  RUN_CONFIG_FLAGS,
  UsageError,
  buildRunConfig,
  flagForPath,
  parseBenchArgs,
  parseEnginesArgs,
  parseFlags,
  parseSampleArgs,
  parseTokenizeArgs,
  parseTrainArgs,
  parseVerifyArgs,
  TRAIN_FLAGS,
} from './args';
import { commandUsage, mainUsage } from './usage';

/** parseTrainArgs + buildRunConfig, as `rnnlab train` does without --config. */
function configOf(argv: string[]) {
  return buildRunConfig(parseTrainArgs(argv).configFlags);
}

/** The UsageError thrown by `fn` (fails the test when nothing is thrown). */
function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}

function leafPaths(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? leafPaths(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('train flags -> RunConfig', () => {
  it('maps the README example onto the config', () => {
    const cfg = configOf(
      '--task adding --seq-len 50 --cell gru --layers 1 --hidden 64 --batch 64 --steps 1500 --lr 0.001 --clip 1 --seed 1'.split(' '),
    );
    expect(cfg).toEqual(
      RunConfigSchema.parse({
        seed: 1,
        task: { name: 'adding', seqLen: 50 },
        model: { cell: 'gru', layers: 1, hidden: 64 },
        train: { batch: 64, steps: 1500, lr: 0.001, clip: 1 },
      }),
    );
  });

  it('sets every other field from its kebab-case flag', () => {
    const cfg = configOf([
      '--task=text', '--path', 'corpus.txt', '--tokenizer', 'bpe', '--vocab-size', '500', '--lowercase',
      '--val-fraction', '0.05', '--test-fraction', '0', '--lag', '7', '--size', '100', '--digits', '4',
      '--dropout', '0.25', '--gru-reset-before', '--nonlinearity', 'relu', '--forget-bias', '-1.5', '--embed', '16',
      '--context', 'attention', '--optimizer', 'sgd', '--momentum', '0.95', '--beta1', '0.8', '--beta2', '0.99',
      '--eps', '1e-6', '--weight-decay', '1e-4', '--clip-mode', 'value', '--tbptt', '20', '--schedule', 'step',
      '--warmup', '10', '--step-size', '100', '--gamma', '0.1', '--teacher-forcing', '0.5', '--eval-every', '0',
      '--eval-batches', '3', '--diag-every', '0', '--checkpoint-every', '50', '--patience', '4',
    ]);
    expect(cfg.task).toMatchObject({ name: 'text', path: 'corpus.txt', tokenizer: 'bpe', vocabSize: 500, lowercase: true, valFraction: 0.05, testFraction: 0, lag: 7, size: 100, digits: 4 });
    expect(cfg.model).toMatchObject({ dropout: 0.25, gruResetAfter: false, nonlinearity: 'relu', forgetBias: -1.5, embed: 16, context: 'attention' });
    expect(cfg.train).toMatchObject({
      optimizer: 'sgd', momentum: 0.95, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 1e-4, clipMode: 'value', tbptt: 20,
      schedule: 'step', warmup: 10, stepSize: 100, gamma: 0.1, teacherForcing: 0.5, evalEvery: 0, evalBatches: 3,
      diagEvery: 0, checkpointEvery: 50, patience: 4,
    });
  });

  it('has a flag for every RunConfig field', () => {
    const fields = [...leafPaths(RunConfigSchema.parse({ task: { name: 'adding' } })), 'task.path', 'task.upload'];
    for (const field of fields) expect(flagForPath(field), field).not.toBeNull();
    expect(fields.length).toBeGreaterThan(40);
  });

  it('accepts every allowed value of every enum flag', () => {
    for (const spec of RUN_CONFIG_FLAGS.filter((s) => s.kind === 'enum' && s.name !== 'task')) {
      for (const value of spec.values ?? []) expect(() => configOf(['--task', 'adding', `--${spec.name}`, value])).not.toThrow();
    }
  });

  it('lets flags override a config file and reports file fields under --config', () => {
    const file = { seed: 3, task: { name: 'copy', lag: 5 }, train: { lr: 0.5, steps: 10 } };
    const cfg = buildRunConfig(parseTrainArgs(['--lr', '0.01']).configFlags, file, '--config run.json');
    expect(cfg).toMatchObject({ seed: 3, task: { name: 'copy', lag: 5 }, train: { lr: 0.01, steps: 10 } });
    expect(file.train.lr).toBe(0.5); // the parsed file is not mutated

    const bad = usageError(() => buildRunConfig({}, { task: { name: 'adding', extra: 1 }, model: { hidden: 0 } }, '--config run.json'));
    expect(bad.message).toContain('--config run.json: task: expected only known fields (name, seqLen, lag, size, path, upload, tokenizer, vocabSize, lowercase, digits, valFraction, testFraction), got unknown field "extra"');
    expect(bad.message).toMatch(/--config run\.json: model\.hidden: .*got 0 \(flag --hidden\)/);
    expect(usageError(() => buildRunConfig({}, [1, 2], '--config run.json')).message).toMatch(/expected a JSON object/);
  });

  it('accepts --engine native and --threads (availability is checked by the command, not the parser)', () => {
    expect(parseTrainArgs(['--task', 'adding', '--engine', 'native', '--threads', '4'])).toMatchObject({ engine: 'native', threads: 4 });
    expect(parseTrainArgs(['--task', 'adding', '--threads', '256'])).toMatchObject({ engine: 'auto', threads: 256 });
    expect(parseTrainArgs(['--task', 'adding']).threads).toBeUndefined();
  });

  it('reads CLI-only flags', () => {
    const a = parseTrainArgs(['--task', 'adding', '--checkpoint-dir', 'ck', '--resume', '--json', '--engine', 'tfjs', '--log-every', '10']);
    expect(a).toMatchObject({ checkpointDir: 'ck', resume: true, json: true, engine: 'tfjs', logEvery: 10, help: false });
    expect(parseTrainArgs(['--help']).help).toBe(true);
    expect(parseTrainArgs(['-h']).help).toBe(true);
  });
});

describe('bad train input -> UsageError naming the flag, exit code 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown task', ['--task', 'nope'], new RegExp(`^--task: expected one of ${TASKS.join(', ')}, got "nope"$`)],
    ['missing task', ['--lr', '0.1'], /^--task: required, one of adding, copy/],
    ['zero hidden', ['--task', 'adding', '--hidden', '0'], /^--hidden: expected a positive integer, got "0"$/],
    ['negative batch', ['--task', 'adding', '--batch', '-8'], /^--batch: expected a positive integer, got "-8"$/],
    ['zero seq-len', ['--task', 'adding', '--seq-len', '0'], /^--seq-len: expected a positive integer, got "0"$/],
    ['negative lag', ['--task', 'copy', '--lag', '-1'], /^--lag: expected an integer >= 0, got "-1"$/],
    ['fractional steps', ['--task', 'adding', '--steps', '1.5'], /^--steps: expected a positive integer, got "1.5"$/],
    ['NaN lr', ['--task', 'adding', '--lr', 'NaN'], /^--lr: expected a positive number, got "NaN"$/],
    ['zero lr', ['--task', 'adding', '--lr', '0'], /^--lr: expected a positive number, got "0"$/],
    ['negative lr', ['--task', 'adding', '--lr=-0.1'], /^--lr: expected a positive number, got "-0.1"$/],
    ['Infinity lr', ['--task', 'adding', '--lr', 'Infinity'], /^--lr: expected a positive number, got "Infinity"$/],
    ['overflowing lr', ['--task', 'adding', '--lr', '1e999'], /^--lr: expected a positive number, got "1e999"$/],
    ['dangling exponent', ['--task', 'adding', '--lr', '1e'], /^--lr: expected a positive number, got "1e"$/],
    ['word for a number', ['--task', 'adding', '--clip', 'abc'], /^--clip: expected a number >= 0, got "abc"$/],
    ['empty number', ['--task', 'adding', '--lr', ''], /^--lr: expected a positive number, got ""$/],
    ['hex number', ['--task', 'adding', '--hidden', '0x10'], /^--hidden: expected a positive integer, got "0x10"$/],
    ['missing value at the end', ['--task', 'adding', '--lr'], /^--lr: missing value \(expected a positive number\)$/],
    ['missing value before a flag', ['--task', 'adding', '--steps', '--lr', '1'], /^--steps: missing value/],
    ['unknown flag', ['--task', 'adding', '--lrate', '0.1'], /^--lrate: unknown option \(did you mean --lr\?\)$/],
    ['unknown short flag', ['--task', 'adding', '-x'], /^-x: unknown option$/],
    ['value for a switch', ['--task', 'adding', '--json=yes'], /^--json: takes no value, got "yes"$/],
    ['stray argument', ['--task', 'adding', 'extra'], /^unexpected argument "extra"$/],
    ['bad enum', ['--task', 'adding', '--cell', 'transformer'], /^--cell: expected one of rnn, lstm, gru, got "transformer"$/],
    ['unknown engine', ['--task', 'adding', '--engine', 'cuda'], /^--engine: expected one of auto, native, tfjs, got "cuda"$/],
    ['tf.layers is bench-only', ['--task', 'adding', '--engine', 'tf.layers'], /^--engine: expected one of auto, native, tfjs, got "tf.layers"$/],
    ['zero threads', ['--task', 'adding', '--threads', '0'], /^--threads: expected a positive integer <= 256, got "0"$/],
    ['negative threads', ['--task', 'adding', '--threads=-2'], /^--threads: expected a positive integer <= 256, got "-2"$/],
    ['fractional threads', ['--task', 'adding', '--threads', '1.5'], /^--threads: expected a positive integer <= 256, got "1.5"$/],
    ['too many threads', ['--task', 'adding', '--threads', '257'], /^--threads: expected a positive integer <= 256, got "257"$/],
    ['word for threads', ['--task', 'adding', '--threads', 'all'], /^--threads: expected a positive integer <= 256, got "all"$/],
    ['threads without a value', ['--task', 'adding', '--threads'], /^--threads: missing value \(expected a positive integer <= 256\)$/],
    ['both GRU forms', ['--task', 'adding', '--gru-reset-after', '--gru-reset-before'], /^--gru-reset-after and --gru-reset-before/],
    ['resume without a directory', ['--task', 'adding', '--resume'], /^--resume: needs --checkpoint-dir/],
    ['too large for the schema', ['--task', 'adding', '--hidden', '100000'], /^--hidden: expected an integer from 1 to 8192, got 100000$/],
    ['lr above the bound', ['--task', 'adding', '--lr', '1000'], /^--lr: expected a positive number <= 100, got 1000$/],
    ['dropout above the bound', ['--task', 'adding', '--dropout', '0.99'], /^--dropout: expected a number from 0 to 0.95, got 0.99$/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, () => {
      const err = usageError(() => configOf(argv));
      expect(err.message).toMatch(message);
      expect(err.exitCode).toBe(2);
    });
  }

  it('lists every problem the schema finds, one per line', () => {
    const err = usageError(() => configOf(['--task', 'adding', '--hidden', '9000', '--layers', '17']));
    expect(err.message.split('\n')).toEqual([expect.stringMatching(/^--layers: /), expect.stringMatching(/^--hidden: /)]);
  });
});

describe('other commands', () => {
  it('sample: requires --checkpoint and checks numbers', () => {
    expect(parseSampleArgs(['--checkpoint', 'ck', '--length', '20', '--temperature', '0.7', '--top-k', '5', '--beam', '3', '--seed', '0'])).toMatchObject({
      checkpoint: 'ck', length: 20, temperature: 0.7, topK: 5, beam: 3, seed: 0, engine: 'auto',
    });
    expect(usageError(() => parseSampleArgs(['--length', '5'])).message).toMatch(/^--checkpoint: required/);
    expect(usageError(() => parseSampleArgs(['--checkpoint', 'ck', '--temperature', '0'])).message).toBe('--temperature: expected a positive number, got "0"');
  });

  it('verify: files are positionals, tolerance is a positive number', () => {
    expect(parseVerifyArgs(['a.json', '--tolerance', '1e-4', 'b.json'])).toEqual({
      files: ['a.json', 'b.json'], tolerance: 1e-4, json: false, engine: 'auto', help: false,
    });
    expect(parseVerifyArgs(['a.json']).tolerance).toBe(1e-5);
    expect(parseVerifyArgs([])).toMatchObject({ files: [] }); // the bundled fixtures
    expect(usageError(() => parseVerifyArgs(['--tolerance', '-1', 'a.json'])).message).toBe('--tolerance: expected a positive number, got "-1"');
    expect(parseVerifyArgs(['--engine', 'native', '--threads', '2', 'a.json'])).toMatchObject({ engine: 'native', threads: 2, files: ['a.json'] });
    expect(usageError(() => parseVerifyArgs(['--threads', '300', 'a.json'])).message).toBe('--threads: expected a positive integer <= 256, got "300"');
  });

  it('--max-memory takes a size with a unit', () => {
    expect(parseTrainArgs(['--max-memory', '8G']).maxMemory).toBe(8 * 1024 ** 3);
    expect(parseTrainArgs(['--max-memory', '1.5GiB']).maxMemory).toBe(1.5 * 1024 ** 3);
    expect(parseTrainArgs(['--max-memory', '512M']).maxMemory).toBe(512 * 1024 ** 2);
    expect(usageError(() => parseTrainArgs(['--max-memory', '8'])).message).toMatch(/^--max-memory: expected a size of at least 1M with a unit K, M, G or T/);
    expect(usageError(() => parseTrainArgs(['--max-memory', '10K'])).message).toMatch(/^--max-memory: expected a size of at least 1M/);
  });

  it('sample: --engine native and --threads', () => {
    expect(parseSampleArgs(['--checkpoint', 'ck', '--engine', 'native', '--threads', '8'])).toMatchObject({ engine: 'native', threads: 8 });
    expect(usageError(() => parseSampleArgs(['--checkpoint', 'ck', '--threads', '0'])).message).toBe('--threads: expected a positive integer <= 256, got "0"');
    expect(usageError(() => parseSampleArgs(['--checkpoint', 'ck', '--engine', 'gpu'])).message).toBe('--engine: expected one of auto, native, tfjs, got "gpu"');
  });

  it('bench: engines include the tf.layers baseline; sizes are bounded; --layers/--hidden need --cell', () => {
    expect(parseBenchArgs([])).toMatchObject({ engine: 'auto', cell: undefined, batch: 32, seqLen: 64, vocab: 65, minTime: 1, reps: 3 });
    expect(parseBenchArgs(['--engine', 'tf.layers', '--cell', 'lstm', '--hidden', '128'])).toMatchObject({ engine: 'tf.layers', cell: 'lstm', hidden: 128 });
    expect(parseBenchArgs(['--engine', 'native', '--threads', '3'])).toMatchObject({ engine: 'native', threads: 3 });
    expect(usageError(() => parseBenchArgs(['--engine', 'layers'])).message).toBe('--engine: expected one of auto, native, tfjs, tf.layers, got "layers"');
    expect(usageError(() => parseBenchArgs(['--threads', '1000'])).message).toBe('--threads: expected a positive integer <= 256, got "1000"');
    expect(usageError(() => parseBenchArgs(['--cell', 'gru', '--hidden', '9000'])).message).toBe('--hidden: expected a positive integer <= 8192, got "9000"');
    expect(usageError(() => parseBenchArgs(['--layers', '2'])).message).toMatch(/^--layers: needs --cell C/);
  });

  it('engines: only --json and --help', () => {
    expect(parseEnginesArgs(['--json'])).toEqual({ json: true, help: false });
    expect(usageError(() => parseEnginesArgs(['--engine', 'native'])).message).toBe('--engine: unknown option');
  });

  it('help documents --engine native and --threads on every computing command, and lists engines', () => {
    for (const c of ['train', 'sample', 'verify', 'bench']) {
      const help = commandUsage(c);
      expect(help, c).toMatch(/--engine auto\|native\|tfjs/);
      expect(help, c).toContain('BLAS threads of the native engine (default: all cores; a worker running N jobs on C cores should use C/N)');
    }
    expect(mainUsage()).toMatch(/^ {2}engines +list the engines/m);
  });

  it('tokenize: one input, a known tokenizer', () => {
    expect(parseTokenizeArgs(['--tokenizer', 'bpe', '--vocab-size', '300', '--text', 'hi'])).toMatchObject({ tokenizer: 'bpe', vocabSize: 300, text: 'hi', lowercase: false });
    expect(usageError(() => parseTokenizeArgs(['--text', 'hi'])).message).toBe('--tokenizer: required, one of char, word, bpe');
    expect(usageError(() => parseTokenizeArgs(['--tokenizer', 'sentencepiece', '--text', 'hi'])).message).toMatch(/^--tokenizer: expected one of char, word, bpe/);
    expect(usageError(() => parseTokenizeArgs(['--tokenizer', 'char'])).message).toMatch(/exactly one of them/);
    expect(usageError(() => parseTokenizeArgs(['--tokenizer', 'char', '--text', 'a', '--file', 'f'])).message).toMatch(/exactly one of them/);
  });

  it('refuses a flag given twice (which one was meant?) and reads -- as the end of options', () => {
    expect(usageError(() => parseFlags(['--lr', '1', '--lr', '2'], TRAIN_FLAGS)).message).toBe('--lr: given twice ("2" after "1"); give it once');
    expect(usageError(() => parseTrainArgs(['--task', 'adding', '--task', 'copy'])).message).toBe('--task: given twice ("copy" after "adding"); give it once');
    expect(usageError(() => parseTrainArgs(['--json', '--json'])).message).toBe('--json: given twice; give it once');
    expect(parseFlags(['--', '--json'], TRAIN_FLAGS, { positionals: true }).positionals).toEqual(['--json']);
  });
});
