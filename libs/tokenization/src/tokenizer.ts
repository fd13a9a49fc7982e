/**
 * The one interface every tokenizer implements. Ids 0..3 are always the special tokens.
 */
import type { TokenizerKind } from '@rnnlab/contracts';

export const SPECIAL_TOKENS = ['<pad>', '<unk>', '<bos>', '<eos>'] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
export const BOS_ID = 2;
export const EOS_ID = 3;

export interface TokenizerOptions {
  /** lowercase before tokenizing (lossy: decode(encode(s)) then equals s.toLowerCase()) */
  lowercase?: boolean;
  /** Unicode NFC normalization before tokenizing */
  nfc?: boolean;
  /** vocabulary cap (word: keep the most frequent; bpe: target vocabulary size), specials included */
  maxVocab?: number;
  /** drop tokens seen fewer than this many times (word) */
  minCount?: number;
}

/** Serialized form; `version` lets loaders reject or migrate old files. */
export interface TokenizerJSON {
  format: 'rnnlab-tokenizer';
  version: 1;
  kind: TokenizerKind;
  options: TokenizerOptions;
  /** id -> token string, specials first */
  vocab: string[];
  /** bpe only: merges in the order learned, each a pair of token strings */
  merges?: [string, string][];
}

export interface Tokenizer {
  readonly kind: TokenizerKind;
  /** learn the vocabulary (and merges) from a corpus; returns this */
  fit(corpus: string | readonly string[]): this;
  encode(text: string): number[];
  /** inverse of encode; special tokens are dropped (pad/bos/eos) or rendered (<unk> as U+FFFD for char/bpe) */
  decode(ids: readonly number[]): string;
  readonly vocabSize: number;
  /** id -> token string */
  idToToken(id: number): string;
  /** token string -> id, or UNK_ID */
  tokenToId(token: string): number;
  toJSON(): TokenizerJSON;
}
