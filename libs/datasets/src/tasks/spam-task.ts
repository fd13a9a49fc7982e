/**
 * Task `spam` (classification, C = 2: 0 ham, 1 spam): SpamAssassin messages as subject + body text
 * (see sources/email-text.ts), tokenized with task.tokenizer (fitted on the train split) and cut to
 * the first task.seqLen tokens. Texts are first cut to SPAM_CHARS_PER_TOKEN * seqLen characters so
 * that tokenizing the 32 MB corpus stays fast; that is far more than seqLen tokens of any kind.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import { Rng } from '@rnnlab/random';
import { UNK_ID } from '@rnnlab/tokenization';
import { loadLabelledEmails } from '../sources/spam-source';
import type { PreparedDataset } from '../types';
import { corpusSplit } from './corpus-split';
import { classificationDataset } from './example-datasets';
import { mapSplits } from './map-splits';
import { fitTaskTokenizer } from './task-tokenizer';

export const SPAM_CHARS_PER_TOKEN = 24;

export function prepareSpam(task: TaskConfig, seed: number): PreparedDataset {
  const emails = loadLabelledEmails();
  const parts = corpusSplit(emails, task, new Rng(seed).fork('spam'));
  const budget = SPAM_CHARS_PER_TOKEN * task.seqLen;
  const texts = mapSplits(parts, (es) => es.map((e) => cutText(e.text, budget)));
  const tok = fitTaskTokenizer(task.tokenizer, { ...task }, texts.train, { nfc: true });
  const seqs = mapSplits(texts, (ts) =>
    ts.map((t) => {
      const ids = tok.encode(t).slice(0, task.seqLen);
      // every text is non-empty, so this only guards a tokenizer that drops everything
      return Int32Array.from(ids.length > 0 ? ids : [UNK_ID]);
    }),
  );
  const labels = mapSplits(parts, (es) => Int32Array.from(es, (e) => e.label));
  const spam = labels.train.reduce((a, b) => a + b, 0);
  return classificationDataset({
    name: 'spam',
    describe:
      `SpamAssassin (${task.tokenizer}, first ${task.seqLen} tokens): train ${parts.train.length} ` +
      `(${spam} spam), val ${parts.val.length}, test ${parts.test.length} messages; V=${tok.vocabSize}, C=2`,
    tokenizer: tok,
    classes: 2,
    seqs,
    labels,
  });
}

/** First `n` UTF-16 units, without splitting a surrogate pair. */
function cutText(s: string, n: number): string {
  if (s.length <= n) return s;
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}
