/**
 * Tokenizers built from a task config. Construction and fitting errors (a vocabulary cap too small
 * for BPE, a split with no tokens) become DataErrors naming the task fields involved.
 */
import type { TaskConfig, TokenizerKind } from '@rnnlab/contracts';
import { createTokenizer, type Tokenizer, type TokenizerOptions } from '@rnnlab/tokenization';
import { DataError } from '../errors/data-error';

/**
 * A fitted tokenizer of `kind` over `corpus` (the training split only).
 * `task.vocabSize` caps word and BPE vocabularies; characters are never capped.
 */
export function fitTaskTokenizer(
  kind: TokenizerKind,
  task: Pick<TaskConfig, 'name' | 'lowercase' | 'vocabSize'>,
  corpus: string | readonly string[],
  extra: TokenizerOptions = {},
): Tokenizer {
  const options: TokenizerOptions = { lowercase: task.lowercase, ...extra };
  if (kind !== 'char') options.maxVocab = task.vocabSize;
  try {
    return createTokenizer(kind, options).fit(corpus);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    // a char tokenizer ignores task.vocabSize: naming it would send the user after the wrong field
    const setting = kind === 'char' ? '' : ` with task.vocabSize ${task.vocabSize}`;
    throw new DataError(`task.tokenizer ${kind}${setting} for task "${task.name}": ${detail}`, { cause: err });
  }
}

/** Encode each text as an Int32Array. */
export function encodeAll(tok: Tokenizer, texts: readonly string[]): Int32Array[] {
  return texts.map((t) => Int32Array.from(tok.encode(t)));
}
