/**
 * A few examples of a built-in dataset as the model sees them, for the dashboard's /datasets page:
 * generated tasks draw a few fresh examples (a small dataset of the task's defaults, the first
 * training batch decoded back to text); corpora show their first entries as input -> target. Each
 * preview also carries a sample of the task's text for a tokenization preview. Cheap: the corpus
 * loaders cache, generated datasets are drawn at PREVIEW_SIZE examples, and previews are cached per
 * (task, count) in this process.
 */
import { TaskConfigSchema, type TaskKind, type TaskName } from '@rnnlab/contracts';
import { prepareDataset } from '../prepare-dataset';
import { loadPronunciations } from '../sources/cmudict-source';
import { loadFirstNames, loadNamesByCategory, NAME_CATEGORIES } from '../sources/names-source';
import { loadLabelledEmails } from '../sources/spam-source';
import { COPY_BLANK, COPY_DELIMITER } from '../synthetic/copy-memory';
import type { RegressionBatch, Seq2SeqBatch, SequenceBatch } from '../types';
import type { Tokenizer } from '@rnnlab/tokenization';

/** the built-in tasks: every task but `text`, whose data is the user's */
export type BuiltInTask = Exclude<TaskName, 'text'>;

export interface DatasetExample {
  /** what the model reads, as text (a line break shown as ↵) */
  input: string;
  /** what it is trained to output */
  target: string;
}

export interface DatasetPreview {
  name: BuiltInTask;
  kind: TaskKind;
  /** where the examples come from: `generated` (seed 1) or `first entries` of the corpus */
  source: 'generated' | 'first entries';
  /** one line on how the examples read */
  explain: string;
  examples: DatasetExample[];
  /** a sample of the task's text (what a tokenizer is fitted on), at most SAMPLE_CHARS characters */
  sample: string;
}

/** examples per preview, at most */
export const MAX_PREVIEW_EXAMPLES = 20;
/** characters of an example's input or target shown, at most */
export const PREVIEW_EXAMPLE_CHARS = 240;
/** characters of the tokenization sample, at most */
export const SAMPLE_CHARS = 4000;
/** size of the small dataset generated tasks are drawn from */
const PREVIEW_SIZE = 64;

const NL = '↵';
const visible = (s: string) => s.replace(/\n/g, NL);
const cut = (s: string, n = PREVIEW_EXAMPLE_CHARS) => {
  const chars = [...s];
  return chars.length <= n ? s : `${chars.slice(0, n - 1).join('')}…`;
};
const row = <T extends ArrayLike<number>>(a: T, b: number, width: number) => Array.from({ length: width }, (_, t) => a[b * width + t]);
const masked = (ids: number[], mask: number[]) => ids.filter((_, t) => mask[t] > 0);

async function generated(name: 'adding' | 'copy' | 'reverse' | 'addition', count: number): Promise<DatasetPreview> {
  const ds = await prepareDataset(TaskConfigSchema.parse({ name, size: PREVIEW_SIZE }), 1);
  const batch = ds.batches('train', { batch: count, seed: 1 }).next();
  const examples: DatasetExample[] = [];
  let explain = '';
  if (batch?.kind === 'regression') {
    const b = batch as RegressionBatch;
    const { T, I } = b.shape;
    explain = `T = ${T} steps of (value, marker): the two marked values are in [brackets]; the target is their sum`;
    for (let i = 0; i < b.shape.B; i++) {
      const steps = Array.from({ length: T }, (_, t) => {
        const v = b.x[(i * T + t) * I].toFixed(2);
        return b.x[(i * T + t) * I + 1] > 0 ? `[${v}]` : v;
      });
      // every step (T is the task's default, 50): cutting could hide a marked value
      examples.push({ input: steps.join(' '), target: b.y[i].toFixed(3) });
    }
  } else if (batch?.kind === 'tagging') {
    const b = batch as SequenceBatch;
    const { T } = b.shape;
    const sym = (id: number) => (id === COPY_BLANK ? '·' : id === COPY_DELIMITER ? '|' : String(id));
    explain = `T = ${T}: ten symbols (1-8), blanks (·), the delimiter (|), blanks; the target repeats the symbols after the delimiter`;
    for (let i = 0; i < b.shape.B; i++) examples.push({ input: row(b.tokens, i, T).map(sym).join(''), target: row(b.targets, i, T).map(sym).join('') });
  } else if (batch?.kind === 'seq2seq') {
    const b = batch as Seq2SeqBatch;
    const { Ts, Tt } = b.shape;
    const src = ds.inputTokenizer as Tokenizer;
    const tgt = ds.targetTokenizer as Tokenizer;
    explain = name === 'reverse' ? 'encoder reads the string, decoder writes it backwards' : 'encoder reads the problem, decoder writes the sum';
    for (let i = 0; i < b.shape.B; i++) {
      examples.push({ input: src.decode(masked(row(b.src, i, Ts), row(b.srcMask, i, Ts))), target: tgt.decode(masked(row(b.tgtOut, i, Tt), row(b.tgtMask, i, Tt))) });
    }
  }
  const sample = examples.map((e) => `${e.input} ${e.target}`).join('\n');
  return { name, kind: ds.kind, source: 'generated', explain, examples, sample: sample.slice(0, SAMPLE_CHARS) };
}

function joinedSample(texts: readonly string[], sep: string): string {
  let out = '';
  for (const t of texts) {
    if (out.length + t.length + sep.length > SAMPLE_CHARS) break;
    out += t + sep;
  }
  return out || (texts[0] ?? '').slice(0, SAMPLE_CHARS);
}

function corpus(name: 'names' | 'names-by-category' | 'cmudict' | 'spam', count: number): DatasetPreview {
  switch (name) {
    case 'names': {
      const names = loadFirstNames();
      return {
        name,
        kind: 'lm',
        source: 'first entries',
        explain: `one stream of names, each ended by a line break (${NL}); the target at each step is the next character`,
        examples: names.slice(0, count).map((n) => ({ input: `${n}${NL}`, target: `${n.slice(1)}${NL}…` })),
        sample: joinedSample(names, '\n'),
      };
    }
    case 'names-by-category': {
      const by = loadNamesByCategory();
      const per = Math.max(1, Math.ceil(count / NAME_CATEGORIES.length));
      const examples = NAME_CATEGORIES.flatMap((c) => by[c].slice(0, per).map((n) => ({ input: c, target: n }))).slice(0, count);
      return { name, kind: 'generation', source: 'first entries', explain: 'the one input is the category; the model writes a name, one character at a time', examples, sample: joinedSample(by.female, '\n') };
    }
    case 'cmudict': {
      const entries = loadPronunciations();
      return {
        name,
        kind: 'seq2seq',
        source: 'first entries',
        explain: 'encoder reads the letters, decoder writes the ARPAbet phonemes (digits mark stress)',
        examples: entries.slice(0, count).map((e) => ({ input: e.word, target: e.phones.join(' ') })),
        sample: joinedSample(entries.map((e) => e.word), ' '),
      };
    }
    case 'spam': {
      const emails = loadLabelledEmails();
      const seqLen = TaskConfigSchema.parse({ name }).seqLen;
      return {
        name,
        kind: 'classification',
        source: 'first entries',
        explain: `subject and body of a message, of which the model reads the first ${seqLen} tokens; the target is ham (0) or spam (1)`,
        examples: emails.slice(0, count).map((e) => ({ input: cut(visible(e.text)), target: e.label === 1 ? 'spam (1)' : 'ham (0)' })),
        sample: joinedSample(emails.slice(0, 20).map((e) => e.text.slice(0, 800)), '\n'),
      };
    }
  }
}

const cache = new Map<string, Promise<DatasetPreview>>();

/**
 * A preview of built-in task `name` with `count` examples (1..MAX_PREVIEW_EXAMPLES). The first call
 * for a corpus loads it (names ~20 ms, cmudict ~0.2 s, spam ~0.7 s); later calls are served from memory.
 *
 * @example const p = await previewDataset('reverse', 3); p.examples[0] // { input: 'qwe', target: 'ewq' }
 */
export function previewDataset(name: BuiltInTask, count = 5): Promise<DatasetPreview> {
  const n = Math.max(1, Math.min(MAX_PREVIEW_EXAMPLES, Math.floor(count)));
  const key = `${name}:${n}`;
  let p = cache.get(key);
  if (!p) {
    p = name === 'adding' || name === 'copy' || name === 'reverse' || name === 'addition' ? generated(name, n) : Promise.resolve().then(() => corpus(name, n));
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}
