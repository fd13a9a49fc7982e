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
import {
  BOS_ID,
  EOS_ID,
  PAD_ID,
  SPECIAL_TOKENS,
  type Tokenizer,
  type TokenizerJSON,
  type TokenizerOptions,
} from './tokenizer';
import { checkOptions, normalizeText } from './tokenizer-options';
import { corpusTexts, emptyCorpusError } from './corpus';
import { checkEnvelope, TOKENIZER_FORMAT, TOKENIZER_VERSION } from './tokenizer-json';
import { rankByCount, Vocabulary } from './vocabulary';

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;
const NO_SPACE_BEFORE = new Set(['.', ',', '!', '?', ';', ':', ')', ']', '}', '%', '…']);
const NO_SPACE_AFTER = new Set(['(', '[', '{']);

/** Split text into words and single punctuation code points (whitespace dropped). */
export function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

export class WordTokenizer implements Tokenizer {
  readonly kind = 'word' as const;
  private readonly options: TokenizerOptions;
  private vocab = new Vocabulary();
  private fitted = false;

  /** `maxVocab` keeps the most frequent tokens (specials included, ties lexicographic); `minCount` drops rarer ones. */
  constructor(options?: TokenizerOptions) {
    this.options = checkOptions(options, 'WordTokenizer()', SPECIAL_TOKENS.length);
  }

  /** Rebuild a fitted tokenizer from `toJSON()` output. */
  static fromJSON(json: unknown): WordTokenizer {
    const where = 'WordTokenizer.fromJSON()';
    const env = checkEnvelope(json, where, 'word');
    const tok = new WordTokenizer(checkOptions(env.options, where, SPECIAL_TOKENS.length));
    tok.vocab = Vocabulary.fromJSON(env.vocab, where);
    tok.fitted = true;
    return tok;
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  fit(corpus: string | readonly string[]): this {
    const where = 'WordTokenizer.fit()';
    const texts = corpusTexts(corpus, this.options, where);
    const counts = new Map<string, number>();
    for (const text of texts) for (const w of splitWords(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
    if (counts.size === 0) throw emptyCorpusError(texts, where);
    const limit = (this.options.maxVocab ?? Infinity) - SPECIAL_TOKENS.length;
    this.vocab = new Vocabulary(rankByCount(counts, limit, this.options.minCount));
    this.fitted = true;
    return this;
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

  idToToken(id: number): string {
    return this.vocab.token(id, 'WordTokenizer.idToToken()');
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
      throw new Error(`WordTokenizer.${method}() called before fit(): call fit(corpus) or WordTokenizer.fromJSON(json)`);
    }
  }
}
