/**
 * Checking `TokenizerOptions` at construction and applying the normalization they ask for.
 */
import type { TokenizerOptions } from './tokenizer';
import { show } from './show';

/** Upper bound on any vocabulary: keeps pair keys (a * 2^26 + b) exact in a double. */
export const MAX_VOCAB_LIMIT = 2 ** 26;

const KNOWN_KEYS = new Set(['lowercase', 'nfc', 'maxVocab', 'minCount']);

/**
 * Validate options and return a copy holding only the keys that were set.
 * `minVocab` is the smallest `maxVocab` the caller can honour (e.g. specials + byte tokens for BPE).
 */
export function checkOptions(options: unknown, where: string, minVocab: number): TokenizerOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`expected options to be an object in ${where}, got ${show(options)}`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN_KEYS.has(key)) throw new TypeError(`unknown option options.${key} in ${where}, got ${show(o[key])}`);
  }
  const out: TokenizerOptions = {};
  for (const key of ['lowercase', 'nfc'] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new TypeError(`expected options.${key} to be a boolean in ${where}, got ${show(v)}`);
    out[key] = v;
  }
  if (o.maxVocab !== undefined) out.maxVocab = checkInt(o.maxVocab, 'maxVocab', where, minVocab, MAX_VOCAB_LIMIT);
  if (o.minCount !== undefined) out.minCount = checkInt(o.minCount, 'minCount', where, 1, Number.MAX_SAFE_INTEGER);
  return out;
}

function checkInt(v: unknown, key: string, where: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`expected options.${key} to be an integer in [${min}, ${max}] in ${where}, got ${show(v)}`);
  }
  return v;
}

/** Lowercase first, then NFC, so the result is always NFC when `nfc` is set. */
export function normalizeText(text: string, options: TokenizerOptions): string {
  let s = options.lowercase ? text.toLowerCase() : text;
  if (options.nfc) s = s.normalize('NFC');
  return s;
}
