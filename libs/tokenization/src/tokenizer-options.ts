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
 * `stored` names the options when they were read from a file (`json.options`), not passed by the
 * caller: range errors then say which field of the file is wrong.
 */
export function checkOptions(options: unknown, where: string, minVocab: number, stored?: string): TokenizerOptions {
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
  const field = (key: string) => (stored === undefined ? '' : ` (${stored}.${key} in ${where})`);
  if (o.maxVocab !== undefined) out.maxVocab = checkInt(o.maxVocab, 'maxVocab', minVocab, MAX_VOCAB_LIMIT, field('maxVocab'));
  if (o.minCount !== undefined) out.minCount = checkInt(o.minCount, 'minCount', 1, Number.MAX_SAFE_INTEGER, field('minCount'));
  return out;
}

/**
 * The integer options in words. Their range errors reach users verbatim (`rnnlab tokenize
 * --vocab-size 3`, a run's task.vocabSize), so they say what the number is rather than the option
 * key and the constructor (a caller's stack trace names those); options read from a file add the
 * field's path, which the user can look up there.
 */
const INT_OPTION_WORDS = { maxVocab: 'a vocabulary size', minCount: 'a minimum token count' } as const;

function checkInt(v: unknown, key: keyof typeof INT_OPTION_WORDS, min: number, max: number, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const why = key === 'maxVocab' && typeof v === 'number' && v < min ? ` (its ${min} built-in tokens come first)` : '';
    throw new RangeError(`expected ${INT_OPTION_WORDS[key]} from ${min} to ${max}${why}, got ${show(v)}${field}`);
  }
  return v;
}

/** Lowercase first, then NFC, so the result is always NFC when `nfc` is set. */
export function normalizeText(text: string, options: TokenizerOptions): string {
  let s = options.lowercase ? text.toLowerCase() : text;
  if (options.nfc) s = s.normalize('NFC');
  return s;
}
