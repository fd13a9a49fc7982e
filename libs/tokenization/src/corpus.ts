/**
 * The corpus argument of `fit()`: one string or a list of strings (documents), checked and normalized.
 */
import type { TokenizerOptions } from './tokenizer';
import { normalizeText } from './tokenizer-options';
import { show } from './show';

/** The documents of a corpus, normalized; throws a TypeError naming `where` for anything else. */
export function corpusTexts(corpus: unknown, options: TokenizerOptions, where: string): string[] {
  const texts = typeof corpus === 'string' ? [corpus] : corpus;
  if (!Array.isArray(texts)) {
    throw new TypeError(`expected corpus to be a string or an array of strings in ${where}, got ${show(corpus)}`);
  }
  return texts.map((t: unknown, i) => {
    if (typeof t !== 'string') throw new TypeError(`expected corpus[${i}] to be a string in ${where}, got ${show(t)}`);
    return normalizeText(t, options);
  });
}

/**
 * The error every `fit()` throws when the corpus yields no token at all; `who` is the tokenizer
 * (`the word tokenizer`). It reaches users verbatim (`rnnlab tokenize --text "   "`).
 */
export function emptyCorpusError(texts: readonly string[], who: string): Error {
  const chars = texts.reduce((n, t) => n + t.length, 0);
  return new Error(`empty corpus: ${who} found no tokens in ${texts.length} text(s) of ${chars} characters in total`);
}
