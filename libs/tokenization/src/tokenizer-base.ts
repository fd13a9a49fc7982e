/**
 * What every tokenizer shares: checked options, the vocabulary, the fitted flag, id <-> token
 * lookups, the serialized form and the errors that name the class. Each tokenizer adds how it
 * fits, encodes and decodes.
 */
import type { TokenizerKind } from '@rnnlab/contracts';
import { SPECIAL_TOKENS, type TokenizerJSON, type TokenizerOptions } from './tokenizer';
import { checkOptions } from './tokenizer-options';
import { corpusTexts, emptyCorpusError } from './corpus';
import { checkEnvelope, TOKENIZER_FORMAT, TOKENIZER_VERSION, type TokenizerEnvelope } from './tokenizer-json';
import { rankByCount, Vocabulary } from './vocabulary';

/** A checked TokenizerJSON: its envelope, its options and its vocabulary. */
export interface CheckedTokenizerJSON {
  env: TokenizerEnvelope;
  options: TokenizerOptions;
  vocab: Vocabulary;
}

/**
 * Check the envelope, options and vocabulary of `json` in that order; `where` names the caller in
 * error messages and `minVocab` is the smallest `maxVocab` the tokenizer can honour.
 */
export function checkTokenizerJSON(
  json: unknown,
  where: string,
  kind: TokenizerKind,
  minVocab: number,
): CheckedTokenizerJSON {
  const env = checkEnvelope(json, where, kind);
  const options = checkOptions(env.options, where, minVocab, 'json.options');
  return { env, options, vocab: Vocabulary.fromJSON(env.vocab, where) };
}

/** The shared half of a `Tokenizer`; subclasses implement `fit`, `encode` and `decode`. */
export abstract class TokenizerBase {
  abstract readonly kind: TokenizerKind;
  protected readonly options: TokenizerOptions;
  /** replaced only through `setVocab()`, which marks the tokenizer fitted */
  protected vocab: Vocabulary;
  private fitted = false;

  /**
   * `className` (e.g. 'CharTokenizer') names the tokenizer in error messages; `minVocab` is the
   * smallest `maxVocab` it can honour; `vocab` is the vocabulary before `fit()`.
   */
  protected constructor(
    private readonly className: string,
    options: TokenizerOptions | undefined,
    minVocab: number,
    vocab = new Vocabulary(),
  ) {
    this.options = checkOptions(options, `${className}()`, minVocab);
    this.vocab = vocab;
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  idToToken(id: number): string {
    return this.vocab.token(id, `${this.className}.idToToken()`);
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

  /** Install a learned or loaded vocabulary and mark the tokenizer fitted. */
  protected setVocab(vocab: Vocabulary): this {
    this.vocab = vocab;
    this.fitted = true;
    return this;
  }

  /**
   * Count the tokens `split` yields over the (normalized) corpus; throws the empty-corpus error
   * of `fit()` when there are none.
   */
  protected countTokens(corpus: unknown, split: (text: string) => Iterable<string>): Map<string, number> {
    const where = `${this.className}.fit()`;
    const texts = corpusTexts(corpus, this.options, where);
    const counts = new Map<string, number>();
    for (const text of texts) for (const t of split(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
    if (counts.size === 0) throw emptyCorpusError(texts, `the ${this.kind} tokenizer`);
    return counts;
  }

  /**
   * Fit a vocabulary of the most frequent tokens `split` yields: at most `maxVocab` with the
   * specials, each seen at least `minCount` times.
   */
  protected fitByCount(corpus: unknown, split: (text: string) => Iterable<string>): this {
    const counts = this.countTokens(corpus, split);
    const limit = (this.options.maxVocab ?? Infinity) - SPECIAL_TOKENS.length;
    return this.setVocab(new Vocabulary(rankByCount(counts, limit, this.options.minCount)));
  }

  protected assertFitted(method: string): void {
    if (!this.fitted) {
      throw new Error(
        `${this.className}.${method}() called before fit(): call fit(corpus) or ${this.className}.fromJSON(json)`,
      );
    }
  }
}
