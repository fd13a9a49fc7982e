/**
 * Word tokenizer: words are runs of letters, combining marks and digits (`\p{L}\p{M}\p{N}`), with
 * apostrophes kept inside them ("don't", "l’homme"); every other non-space code point is a token
 * of its own; whitespace is not a token.
 *
 * Decoding is NOT lossless: whitespace is lost, so `decode` joins tokens with single spaces,
 * except before closing punctuation (`. , ! ? ; : ) ] } %` and `…`) and after `( [ {`.
 * Unknown words encode to <unk> and decode as the literal "<unk>".
 *
 * @example
 * const tok = new WordTokenizer().fit("Don't panic (yet).");
 * tok.decode(tok.encode("Don't panic (yet).")); // "Don't panic (yet)."
 */
import { BOS_ID, EOS_ID, PAD_ID, SPECIAL_TOKENS, type Tokenizer, type TokenizerOptions } from './tokenizer';
import { normalizeText } from './tokenizer-options';
import { checkTokenizerJSON, TokenizerBase } from './tokenizer-base';

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;
const NO_SPACE_BEFORE = new Set(['.', ',', '!', '?', ';', ':', ')', ']', '}', '%', '…']);
const NO_SPACE_AFTER = new Set(['(', '[', '{']);

/** Split text into words and single punctuation code points (whitespace dropped). */
export function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

export class WordTokenizer extends TokenizerBase implements Tokenizer {
  readonly kind = 'word' as const;

  /** `maxVocab` keeps the most frequent tokens (specials included, ties lexicographic); `minCount` drops rarer ones. */
  constructor(options?: TokenizerOptions) {
    super('WordTokenizer', options, SPECIAL_TOKENS.length);
  }

  /** Rebuild a fitted tokenizer from `toJSON()` output. */
  static fromJSON(json: unknown): WordTokenizer {
    const { options, vocab } = checkTokenizerJSON(json, 'WordTokenizer.fromJSON()', 'word', SPECIAL_TOKENS.length);
    return new WordTokenizer(options).setVocab(vocab);
  }

  fit(corpus: string | readonly string[]): this {
    return this.fitByCount(corpus, splitWords);
  }

  encode(text: string): number[] {
    this.assertFitted('encode');
    return splitWords(normalizeText(text, this.options)).map((w) => this.vocab.id(w));
  }

  /** Drops <pad>, <bos>, <eos>; see the file header for the spacing convention. */
  decode(ids: readonly number[]): string {
    this.assertFitted('decode');
    let out = '';
    let prev = '';
    for (const id of ids) {
      const token = this.vocab.token(id, 'WordTokenizer.decode()');
      if (id === PAD_ID || id === BOS_ID || id === EOS_ID) continue;
      if (out !== '' && !NO_SPACE_BEFORE.has(token) && !NO_SPACE_AFTER.has(prev)) out += ' ';
      out += token;
      prev = token;
    }
    return out;
  }
}
