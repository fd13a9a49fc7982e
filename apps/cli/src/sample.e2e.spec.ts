/**
 * End to end: `rnnlab sample` on tiny checkpoints trained here (a names language model, a text
 * language model over words, and the reverse and cmudict encoder-decoders): bounds, options that do
 * not apply to the checkpoint, primes outside the vocabulary, and special tokens never sampled.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeStatus } from '@rnnlab/engine-native';
import { rnnlab as run } from './testing/run-cli';

/** Both engines when the native addon is built here; tfjs alone otherwise. */
const engines = nativeStatus().available ? ['tfjs', 'native'] : ['tfjs'];

const rnnlab = (...args: string[]) => run(args);

let tmp: string;
const ck = { names: '', text: '', reverse: '', cmudict: '' };

/** Train a few steps at H = 8 into `tmp/<name>`, with one thread and one validation batch. */
async function trainTiny(name: keyof typeof ck, ...flags: string[]): Promise<void> {
  const dir = join(tmp, name);
  const r = await rnnlab('train', ...flags, '--hidden', '8', '--batch', '8', '--steps', '3', '--eval-batches', '1', '--threads', '1', '--checkpoint-dir', dir);
  if (r.code !== 0) throw new Error(`training ${name} failed (exit ${r.code}): ${r.stderr}`);
  ck[name] = dir;
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'rnnlab-sample-'));
  const corpus = join(tmp, 'corpus.txt');
  await writeFile(corpus, 'the cat sat on the mat . the dog sat on the log .\n'.repeat(40));
  await trainTiny('names', '--task', 'names');
  await trainTiny('text', '--task', 'text', '--path', corpus, '--tokenizer', 'word', '--seq-len', '8');
  await trainTiny('reverse', '--task', 'reverse', '--seq-len', '6');
  await trainTiny('cmudict', '--task', 'cmudict');
}, 120_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('rnnlab sample (spawned)', () => {
  it('bounds --length and --beam while parsing, and says so in help', async () => {
    const length = await rnnlab('sample', '--checkpoint', ck.names, '--length', '100000000');
    expect(length).toMatchObject({ code: 2, stdout: '', stderr: 'rnnlab: --length: expected a positive integer <= 100000, got "100000000"\n' });
    const beam = await rnnlab('sample', '--checkpoint', ck.reverse, '--prime', 'abc', '--beam', '100000');
    expect(beam).toMatchObject({ code: 2, stdout: '', stderr: 'rnnlab: --beam: expected a positive integer <= 64, got "100000"\n' });
    const help = await rnnlab('sample', '--help');
    expect(help.stdout).toContain('<= 100000');
    expect(help.stdout).toContain('<= 1000)');
    expect(help.stdout).toContain('<= 64');
  });

  it('bounds a seq2seq output to 1000 tokens and --top-k to the vocabulary, after loading', async () => {
    const length = await rnnlab('sample', '--checkpoint', ck.reverse, '--prime', 'abc', '--length', '5000');
    expect(length.code).toBe(2);
    expect(length.stderr).toBe('rnnlab: --length: expected a positive integer <= 1000 for an encoder-decoder (seq2seq) checkpoint (the longest output), got "5000"\n');
    const topK = await rnnlab('sample', '--checkpoint', ck.names, '--top-k', '100000');
    expect(topK.code).toBe(2);
    expect(topK.stderr).toMatch(/^rnnlab: --top-k: expected an integer >= 0 and <= \d+ for this checkpoint \(its vocabulary: \d+ tokens and 4 special ones, never sampled; 0: all\), got "100000"\n$/);
  });

  it('refuses options that do not apply to the kind of checkpoint, naming each', async () => {
    const beam = await rnnlab('sample', '--checkpoint', ck.names, '--beam', '2');
    expect(beam).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'rnnlab: --beam: applies to encoder-decoder (seq2seq) checkpoints; this checkpoint is a language model (task names)\n',
    });
    const lmOnly = await rnnlab('sample', '--checkpoint', ck.reverse, '--prime', 'abc', '--temperature', '0.5', '--top-k', '3');
    expect(lmOnly.code).toBe(2);
    expect(lmOnly.stdout).toBe('');
    const why = 'applies to language-model checkpoints (sampling); this checkpoint is an encoder-decoder (seq2seq) model (task reverse), decoded greedily or by beam search (--beam W)';
    expect(lmOnly.stderr).toBe(`rnnlab: --temperature: ${why}\nrnnlab: --top-k: ${why}\n`);
  });

  it('case-folds a prime to a one-case vocabulary: cmudict reads "hello" as "HELLO"', async () => {
    const lower = await rnnlab('sample', '--checkpoint', ck.cmudict, '--prime', 'hello', '--length', '12');
    const upper = await rnnlab('sample', '--checkpoint', ck.cmudict, '--prime', 'HELLO', '--length', '12');
    expect(upper).toMatchObject({ code: 0, stderr: '' });
    expect(lower).toEqual(upper);
    const reverse = await rnnlab('sample', '--checkpoint', ck.reverse, '--prime', 'AB', '--length', '12');
    expect(reverse).toEqual(await rnnlab('sample', '--checkpoint', ck.reverse, '--prime', 'ab', '--length', '12'));
  });

  it('refuses prime characters or words the model never saw, naming them and the vocabulary', async () => {
    const digits = await rnnlab('sample', '--checkpoint', ck.reverse, '--prime', 'AB12');
    expect(digits).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'rnnlab: --prime: characters the model never saw: "1", "2" (after case-folding the prime to "ab12", the case of the vocabulary); ' +
        'the vocabulary of this checkpoint (task reverse) holds 26 characters: "abcdefghijklmnopqrstuvwxyz"\n',
    });
    const names = await rnnlab('sample', '--checkpoint', ck.names, '--prime', 'Jo#n');
    expect(names.code).toBe(2);
    expect(names.stderr).toMatch(/^rnnlab: --prime: characters the model never saw: "#"; the vocabulary of this checkpoint \(task names\) holds \d+ characters: "\\n.*ABC.*abc.*"\n$/);
    const words = await rnnlab('sample', '--checkpoint', ck.text, '--prime', 'the cow sat on the moon');
    expect(words.code).toBe(2);
    expect(words.stderr).toMatch(/^rnnlab: --prime: words the model never saw: "cow", "moon"; the vocabulary of this checkpoint \(task text\) holds \d+ words, the most frequent: "the"/);
  });

  it('needs --prime where there is no boundary to start from (a word vocabulary has no "\\n") or no source', async () => {
    const text = await rnnlab('sample', '--checkpoint', ck.text);
    expect(text.code).toBe(2);
    expect(text.stderr).toBe('rnnlab: --prime: required for this checkpoint (task text): its vocabulary has no "\\n" to start a new line from, so give the text to continue\n');
    const continued = await rnnlab('sample', '--checkpoint', ck.text, '--prime', 'the cat', '--length', '5');
    expect(continued.code).toBe(0);
    // the continuation is spaced as words are (never glued to the prime: "the catthe")
    expect(continued.stdout).toMatch(/^the cat( [a-z]+|\.)/);
    const reverse = await rnnlab('sample', '--checkpoint', ck.reverse);
    expect(reverse.code).toBe(2);
    expect(reverse.stderr).toMatch(/^rnnlab: --prime: required for an encoder-decoder \(seq2seq\) checkpoint \(task reverse\)/);
  });

  for (const engine of engines) {
    it(`never emits a special token (${engine}): 2000 characters at temperature 3, none of them <unk> (U+FFFD)`, async () => {
      const r = await rnnlab('sample', '--checkpoint', ck.names, '--engine', engine, '--threads', '1', '--length', '2000', '--temperature', '3', '--seed', '7');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('\uFFFD');
      // one character per token (<pad>, <bos> and <eos> would decode to nothing), plus the newline print adds when the text lacks one
      const chars = [...r.stdout].length;
      expect(chars === 2000 || (chars === 2001 && r.stdout.endsWith('\n'))).toBe(true);
    });
  }
});
