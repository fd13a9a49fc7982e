/**
 * Byte-pair encoding over Unicode code points, with UTF-8 byte fallback (as SentencePiece's
 * `byte_fallback`), so `decode(encode(s)) === s` for every well-formed string s (after the
 * `lowercase` / `nfc` options), even with characters never seen in training.
 *
 * Vocabulary: ids 0..3 specials, 4..259 the byte tokens <0x00>..<0xFF>, then the alphabet (code
 * points of the corpus by frequency, at most `maxVocab - 260` of them, each seen >= `minCount`
 * times), then merged tokens in the order learned, up to `maxVocab` in total.
 *
 * Text is pre-split into chunks GPT-2 style (letters/marks, digits or other symbols, each with an
 * optional leading space; a run of whitespace gives up its last space to the chunk after it, as in
 * GPT-2, but newlines stay whole); merges never cross a chunk boundary. A code point outside the
 * alphabet becomes the byte tokens of its UTF-8. (Lone surrogates are not well-formed: they come
 * back as U+FFFD.)
 *
 * @example
 * const tok = new BpeTokenizer({ maxVocab: 500 }).fit(corpus);
 * tok.merges[0]; // e.g. ['t', 'h']
 * tok.decode(tok.encode('naïve 🙂')) === 'naïve 🙂'; // true
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
import { normalizeText } from './tokenizer-options';
import { checkTokenizerJSON, TokenizerBase } from './tokenizer-base';
import { learnMerges, pairKey, type Merge } from './bpe-merges';
import { rankByCount, Vocabulary } from './vocabulary';
import { show } from './show';

/**
 * Pre-split: ` ?letters| ?digits| ?other symbols|whitespace up to a space that leads a chunk|whitespace`.
 * Every code point falls in one alternative, so the chunks cover the text.
 */
const CHUNK = / ?[\p{L}\p{M}]+| ?\p{N}+| ?[^\s\p{L}\p{M}\p{N}]+|\s+?(?= \S)|\s+/gu;
const BYTE_OFFSET = SPECIAL_TOKENS.length;
const BYTE_TOKENS = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
const MIN_VOCAB = BYTE_OFFSET + BYTE_TOKENS.length;
/** Default target vocabulary: room for ~740 code points and merges beyond the 260 fixed tokens. */
export const BPE_DEFAULT_MAX_VOCAB = 1000;
/** Chunk encodings kept in memory; the cache is cleared when it grows past this. */
const CACHE_LIMIT = 100_000;
const REPLACEMENT = '\uFFFD';

const utf8Encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF instead of stripping it
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Split text into BPE chunks; their concatenation is the text. */
export function splitChunks(text: string): string[] {
  return text.match(CHUNK) ?? [];
}

export class BpeTokenizer extends TokenizerBase implements Tokenizer {
  readonly kind = 'bpe' as const;
  private mergeIds: Merge[] = [];
  /** pairKey(a, b) -> rank of the merge (a, b) */
  private ranks = new Map<number, number>();
  private readonly cache = new Map<string, number[]>();

  /** `maxVocab` (>= 260, default 1000) is the target vocabulary size; `minCount` filters the alphabet. */
  constructor(options?: TokenizerOptions) {
    super('BpeTokenizer', options, MIN_VOCAB, new Vocabulary(BYTE_TOKENS));
  }

  /** Rebuild a fitted tokenizer from `toJSON()` output. */
  static fromJSON(json: unknown): BpeTokenizer {
    const where = 'BpeTokenizer.fromJSON()';
    const { env, options, vocab } = checkTokenizerJSON(json, where, 'bpe', MIN_VOCAB);
    BYTE_TOKENS.forEach((t, b) => {
      const id = BYTE_OFFSET + b;
      if (vocab.get(t) !== id) {
        throw new Error(`expected json.vocab[${id}] to be ${show(t)} in ${where}, got ${show((env.vocab as unknown[])[id])}`);
      }
    });
    if (!Array.isArray(env.merges)) {
      throw new TypeError(`expected json.merges to be an array in ${where}, got ${show(env.merges)}`);
    }
    const merges = env.merges.map((pair: unknown, r) => {
      const merge = mergeFromJSON(pair, vocab);
      if (!merge) {
        throw new Error(
          `expected json.merges[${r}] to be two vocabulary tokens whose join is in the vocabulary in ${where}, got ${show(pair)}`,
        );
      }
      return merge;
    });
    const tok = new BpeTokenizer(options);
    tok.setMerges(merges);
    return tok.setVocab(vocab);
  }

  /** The learned merges in order, as token strings: `merges[0]` was the most frequent pair. */
  get merges(): [string, string][] {
    return this.mergeIds.map(([a, b]) => [this.idToToken(a), this.idToToken(b)]);
  }

  fit(corpus: string | readonly string[]): this {
    const chunks = this.countTokens(corpus, splitChunks);
    const chars = new Map<string, number>();
    for (const [c, f] of chunks) for (const ch of c) chars.set(ch, (chars.get(ch) ?? 0) + f);
    const maxVocab = this.options.maxVocab ?? BPE_DEFAULT_MAX_VOCAB;
    const alphabet = rankByCount(chars, maxVocab - MIN_VOCAB, this.options.minCount);
    const vocab = new Vocabulary([...BYTE_TOKENS, ...alphabet]);
    // learnMerges appends the merged tokens to vocab
    this.setMerges(learnMerges(chunks, vocab, maxVocab));
    return this.setVocab(vocab);
  }

  encode(text: string): number[] {
    this.assertFitted('encode');
    const ids: number[] = [];
    for (const chunk of splitChunks(normalizeText(text, this.options))) {
      for (const id of this.encodeChunk(chunk)) ids.push(id);
    }
    return ids;
  }

  /** Byte tokens are joined and read as UTF-8 (invalid sequences give U+FFFD); drops <pad>, <bos>, <eos>; <unk> is U+FFFD. */
  decode(ids: readonly number[]): string {
    this.assertFitted('decode');
    let out = '';
    let bytes: number[] = [];
    for (const id of ids) {
      const token = this.vocab.token(id, 'BpeTokenizer.decode()');
      if (id >= BYTE_OFFSET && id < MIN_VOCAB) {
        bytes.push(id - BYTE_OFFSET);
        continue;
      }
      if (id === PAD_ID || id === BOS_ID || id === EOS_ID) continue;
      if (bytes.length > 0) out += utf8Decoder.decode(Uint8Array.from(bytes));
      bytes = [];
      out += id === UNK_ID ? REPLACEMENT : token;
    }
    if (bytes.length > 0) out += utf8Decoder.decode(Uint8Array.from(bytes));
    return out;
  }

  override toJSON(): TokenizerJSON {
    return { ...super.toJSON(), merges: this.merges };
  }

  private setMerges(merges: Merge[]): void {
    this.mergeIds = merges;
    this.ranks = new Map();
    merges.forEach(([a, b], r) => {
      if (!this.ranks.has(pairKey(a, b))) this.ranks.set(pairKey(a, b), r);
    });
    this.cache.clear();
  }

  /** Apply merges by rank, lowest first, then spell code points outside the alphabet as UTF-8 bytes. */
  private encodeChunk(chunk: string): number[] {
    const cached = this.cache.get(chunk);
    if (cached) return cached;
    // a code point outside the vocabulary is held as -(code point) - 1
    let syms = Array.from(chunk, (ch) => this.vocab.get(ch) ?? -1 - (ch.codePointAt(0) as number));
    for (;;) {
      let best = Infinity;
      for (let j = 0; j + 1 < syms.length; j++) {
        const r = syms[j] >= 0 && syms[j + 1] >= 0 ? this.ranks.get(pairKey(syms[j], syms[j + 1])) : undefined;
        if (r !== undefined && r < best) best = r;
      }
      if (best === Infinity) break;
      const [a, b, m] = this.mergeIds[best];
      const next: number[] = [];
      for (let j = 0; j < syms.length; j++) {
        if (j + 1 < syms.length && syms[j] === a && syms[j + 1] === b) {
          next.push(m);
          j++;
        } else next.push(syms[j]);
      }
      syms = next;
    }
    const ids: number[] = [];
    for (const s of syms) {
      if (s >= 0) ids.push(s);
      else for (const byte of utf8Encoder.encode(String.fromCodePoint(-1 - s))) ids.push(BYTE_OFFSET + byte);
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(chunk, ids);
    return ids;
  }
}

/** A serialized merge `[a, b]` as ids, or undefined unless a, b and a + b are all in `vocab`. */
function mergeFromJSON(pair: unknown, vocab: Vocabulary): Merge | undefined {
  if (!Array.isArray(pair) || pair.length !== 2) return undefined;
  const [a, b]: unknown[] = pair;
  if (typeof a !== 'string' || typeof b !== 'string') return undefined;
  const left = vocab.get(a), right = vocab.get(b), merged = vocab.get(a + b);
  return left === undefined || right === undefined || merged === undefined ? undefined : [left, right, merged];
}
