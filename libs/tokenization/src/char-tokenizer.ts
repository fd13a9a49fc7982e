/**
 * Character tokenizer: one token per Unicode code point (an emoji or a CJK character is one token,
 * not two UTF-16 units). Vocabulary: specials, then characters by frequency (descending), ties by
 * code point. Characters outside the vocabulary encode to <unk>, which decodes to U+FFFD.
 *
 * @example
 * const tok = new CharTokenizer().fit('hello');
 * tok.decode(tok.encode('hole')); // 'hole'
 */
import { BOS_ID, EOS_ID, PAD_ID, SPECIAL_TOKENS, UNK_ID, type Tokenizer, type TokenizerOptions } from './tokenizer';
import { normalizeText } from './tokenizer-options';
import { checkTokenizerJSON, TokenizerBase } from './tokenizer-base';
import { show } from './show';

const REPLACEMENT = '\uFFFD';

export class CharTokenizer extends TokenizerBase implements Tokenizer {
  readonly kind = 'char' as const;

  /** `maxVocab` caps the vocabulary (specials included); `minCount` drops rarer characters. */
  constructor(options?: TokenizerOptions) {
    super('CharTokenizer', options, SPECIAL_TOKENS.length);
  }

  /** Rebuild a fitted tokenizer from `toJSON()` output. */
  static fromJSON(json: unknown): CharTokenizer {
    const where = 'CharTokenizer.fromJSON()';
    const { options, vocab } = checkTokenizerJSON(json, where, 'char', SPECIAL_TOKENS.length);
    for (let id = SPECIAL_TOKENS.length; id < vocab.size; id++) {
      const t = vocab.token(id, where);
      if ([...t].length !== 1) throw new Error(`expected json.vocab[${id}] to be one code point in ${where}, got ${show(t)}`);
    }
    return new CharTokenizer(options).setVocab(vocab);
  }

  fit(corpus: string | readonly string[]): this {
    // iterating a string yields code points
    return this.fitByCount(corpus, (text) => text);
  }

  encode(text: string): number[] {
    this.assertFitted('encode');
    const ids: number[] = [];
    for (const ch of normalizeText(text, this.options)) ids.push(this.vocab.id(ch));
    return ids;
  }

  /** Drops <pad>, <bos>, <eos>; renders <unk> as U+FFFD. */
  decode(ids: readonly number[]): string {
    this.assertFitted('decode');
    let out = '';
    for (const id of ids) {
      const token = this.vocab.token(id, 'CharTokenizer.decode()');
      if (id === PAD_ID || id === BOS_ID || id === EOS_ID) continue;
      out += id === UNK_ID ? REPLACEMENT : token;
    }
    return out;
  }
}
