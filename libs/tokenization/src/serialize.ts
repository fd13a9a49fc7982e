/**
 * Creating tokenizers by kind and loading them from their serialized form.
 */
import { TOKENIZERS, type TokenizerKind } from '@rnnlab/contracts';
import type { Tokenizer, TokenizerOptions } from './tokenizer';
import { checkEnvelope } from './tokenizer-json';
import { CharTokenizer } from './char-tokenizer';
import { WordTokenizer } from './word-tokenizer';
import { BpeTokenizer } from './bpe-tokenizer';
import { show } from './show';

/**
 * A new, unfitted tokenizer of the given kind.
 *
 * @example
 * const tok = createTokenizer(config.task.tokenizer, { maxVocab: config.task.vocabSize }).fit(trainText);
 */
export function createTokenizer(kind: TokenizerKind, options?: TokenizerOptions): Tokenizer {
  switch (kind) {
    case 'char':
      return new CharTokenizer(options);
    case 'word':
      return new WordTokenizer(options);
    case 'bpe':
      return new BpeTokenizer(options);
    default:
      throw new Error(`unknown kind in createTokenizer(): expected ${TOKENIZERS.map(show).join(' | ')}, got ${show(kind)}`);
  }
}

/**
 * Load a fitted tokenizer from `tokenizer.toJSON()` output (e.g. parsed from a checkpoint).
 * Throws naming the field for an unknown `format`, `version` or `kind`, or a malformed payload.
 *
 * @example
 * const tok = tokenizerFromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
 */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  const { kind } = checkEnvelope(json, 'tokenizerFromJSON()');
  switch (kind) {
    case 'char':
      return CharTokenizer.fromJSON(json);
    case 'word':
      return WordTokenizer.fromJSON(json);
    case 'bpe':
      return BpeTokenizer.fromJSON(json);
  }
}
