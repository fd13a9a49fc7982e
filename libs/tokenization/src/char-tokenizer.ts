/**
 * Character tokenizer: one token per Unicode code point (an emoji or a CJK character is one token,
 * not two UTF-16 units). Vocabulary: specials, then characters by frequency (descending), ties by
 * code point. Characters outside the vocabulary encode to <unk>, which decodes to U+FFFD.
 *
 * @example
 * const tok = new CharTokenizer().fit('hello');
 * tok.decode(tok.encode('hole')); // 'hole'
 */
import {
  BOS_ID,
  EOS_ID,
  PAD_ID,
  SPECIAL_TOKENS,
  UNK_ID,
  type Tokenizer,
  type TokenizerJSON,
  type TokenizerOptions,
} from './tokenizer';
import { checkOptions, normalizeText } from './tokenizer-options';
import { corpusTexts, emptyCorpusError } from './corpus';
import { checkEnvelope, TOKENIZER_FORMAT, TOKENIZER_VERSION } from './tokenizer-json';
import { rankByCount, Vocabulary } from './vocabulary';
import { show } from './show';

const REPLACEMENT = '\uFFFD';

export class CharTokenizer implements Tokenizer {
  readonly kind = 'char' as const;
  private readonly options: TokenizerOptions;
  private vocab = new Vocabulary();
  private fitted = false;

  /** `maxVocab` caps the vocabulary (specials included); `minCount` drops rarer characters. */
  constructor(options?: TokenizerOptions) {
    this.options = checkOptions(options, 'CharTokenizer()', SPECIAL_TOKENS.length);
  }

  /** Rebuild a fitted tokenizer from `toJSON()` output. */
  static fromJSON(json: unknown): CharTokenizer {
    const where = 'CharTokenizer.fromJSON()';
    const env = checkEnvelope(json, where, 'char');
    const tok = new CharTokenizer(checkOptions(env.options, where, SPECIAL_TOKENS.length));
    tok.vocab = Vocabulary.fromJSON(env.vocab, where);
    for (let id = SPECIAL_TOKENS.length; id < tok.vocab.size; id++) {
      const t = tok.vocab.token(id, where);
      if ([...t].length !== 1) throw new Error(`expected json.vocab[${id}] to be one code point in ${where}, got ${show(t)}`);
    }
    tok.fitted = true;
    return tok;
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  fit(corpus: string | readonly string[]): this {
    const where = 'CharTokenizer.fit()';
    const texts = corpusTexts(corpus, this.options, where);
    const counts = new Map<string, number>();
    for (const text of texts) for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    if (counts.size === 0) throw emptyCorpusError(texts, where);
    const limit = (this.options.maxVocab ?? Infinity) - SPECIAL_TOKENS.length;
    this.vocab = new Vocabulary(rankByCount(counts, limit, this.options.minCount));
    this.fitted = true;
    return this;
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

  idToToken(id: number): string {
    return this.vocab.token(id, 'CharTokenizer.idToToken()');
  }

  tokenToId(token: string): number {
    return this.vocab.id(token);
  }

  toJSON(): TokenizerJSON {
    this.assertFitted('toJSON');
    return {
      format: TOKENIZER_FORMAT,
      version: TOKENIZER_VERSION,
      kind: this.kind,
      options: { ...this.options },
      vocab: this.vocab.toJSON(),
    };
  }

  private assertFitted(method: string): void {
    if (!this.fitted) {
      throw new Error(`CharTokenizer.${method}() called before fit(): call fit(corpus) or CharTokenizer.fromJSON(json)`);
    }
  }
}
