/**
 * How a tokenizer splits a text, for a preview (the dashboard's /datasets page, like `rnnlab
 * tokenize`): fit a tokenizer of `kind` on a bounded sample, then show the first tokens of the text
 * with their ids. Bounded so that a preview costs milliseconds: the fit reads at most
 * MAX_PREVIEW_FIT_CHARS characters, the encoding at most MAX_PREVIEW_ENCODE_CHARS.
 */
import type { TokenizerKind } from '@rnnlab/contracts';
import { createTokenizer } from './serialize';

/** characters a preview's tokenizer is fitted on, at most */
export const MAX_PREVIEW_FIT_CHARS = 20_000;
/** characters of the text a preview encodes, at most */
export const MAX_PREVIEW_ENCODE_CHARS = 1_000;

export interface TokenPreview {
  kind: TokenizerKind;
  /** characters the tokenizer was fitted on */
  fittedChars: number;
  vocabSize: number;
  /** the first tokens of the text: id and the token's string */
  tokens: { id: number; token: string }[];
  /** tokens of the encoded part of the text (may exceed tokens.length) */
  total: number;
  /** characters of the text encoded */
  encodedChars: number;
  /** bpe: the first merges learned */
  merges: [string, string][];
}

export interface TokenPreviewOptions {
  /** word / bpe vocabulary cap (bpe: its target size, at least 260) */
  vocabSize?: number;
  lowercase?: boolean;
  /** tokens shown, at most (default 60) */
  maxTokens?: number;
  /** bpe merges shown, at most (default 12) */
  maxMerges?: number;
}

/** The first `n` UTF-16 units, not ending inside a surrogate pair. */
function head(text: string, n: number): string {
  if (text.length <= n) return text;
  const c = text.charCodeAt(n - 1);
  return text.slice(0, c >= 0xd800 && c <= 0xdbff ? n - 1 : n);
}

/**
 * Fit a `kind` tokenizer on (the start of) `text` and show how it splits the start of `text`.
 *
 * @example previewTokens('hello world', 'char').tokens.slice(0, 2) // [{ id: 6, token: 'l' }, …] (ids by frequency)
 */
export function previewTokens(text: string, kind: TokenizerKind, o: TokenPreviewOptions = {}): TokenPreview {
  const fitText = head(text, MAX_PREVIEW_FIT_CHARS);
  const options = { lowercase: o.lowercase ?? false, ...(kind !== 'char' && o.vocabSize !== undefined ? { maxVocab: o.vocabSize } : {}) };
  const tok = createTokenizer(kind, options).fit(fitText);
  const encoded = head(text, MAX_PREVIEW_ENCODE_CHARS);
  const ids = tok.encode(encoded);
  return {
    kind,
    fittedChars: fitText.length,
    vocabSize: tok.vocabSize,
    tokens: ids.slice(0, o.maxTokens ?? 60).map((id) => ({ id, token: tok.idToToken(id) })),
    total: ids.length,
    encodedChars: encoded.length,
    merges: (tok.toJSON().merges ?? []).slice(0, o.maxMerges ?? 12),
  };
}
