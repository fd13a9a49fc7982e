/**
 * The envelope of a serialized tokenizer: `format`, `version` and `kind` are checked here;
 * each tokenizer checks its own `options`, `vocab` and `merges`.
 */
import { TOKENIZERS, type TokenizerKind } from '@rnnlab/contracts';
import type { TokenizerJSON } from './tokenizer';
import { show } from './show';

export const TOKENIZER_FORMAT: TokenizerJSON['format'] = 'rnnlab-tokenizer';
export const TOKENIZER_VERSION: TokenizerJSON['version'] = 1;

/** A TokenizerJSON whose envelope is valid and whose payload is still unchecked. */
export interface TokenizerEnvelope {
  kind: TokenizerKind;
  options: unknown;
  vocab: unknown;
  merges: unknown;
}

/** Check the envelope; with `expectedKind`, also that `json.kind` is that kind. */
export function checkEnvelope(json: unknown, where: string, expectedKind?: TokenizerKind): TokenizerEnvelope {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TypeError(`expected json to be an object in ${where}, got ${show(json)}`);
  }
  const j = json as Record<string, unknown>;
  if (j.format !== TOKENIZER_FORMAT) {
    throw new Error(`unknown json.format in ${where}: expected ${show(TOKENIZER_FORMAT)}, got ${show(j.format)}`);
  }
  if (j.version !== TOKENIZER_VERSION) {
    throw new Error(`unsupported json.version in ${where}: expected ${TOKENIZER_VERSION}, got ${show(j.version)}`);
  }
  const kinds: readonly unknown[] = expectedKind ? [expectedKind] : TOKENIZERS;
  if (!kinds.includes(j.kind)) {
    throw new Error(`${expectedKind ? 'unexpected' : 'unknown'} json.kind in ${where}: expected ${kinds.map(show).join(' | ')}, got ${show(j.kind)}`);
  }
  return { kind: j.kind as TokenizerKind, options: j.options, vocab: j.vocab, merges: j.merges };
}
