/**
 * The id <-> token map shared by every tokenizer: specials at ids 0..3, then the learned tokens.
 */
import { SPECIAL_TOKENS, UNK_ID } from './tokenizer';
import { show } from './show';

export class Vocabulary {
  private readonly tokens: string[] = [];
  private readonly ids = new Map<string, number>();

  /** Specials first, then `tokens` in order (duplicates are skipped). */
  constructor(tokens: Iterable<string> = []) {
    for (const t of SPECIAL_TOKENS) this.add(t);
    for (const t of tokens) this.add(t);
  }

  /**
   * Rebuild from the `vocab` field of a TokenizerJSON: strings, specials first, no duplicates.
   * `where` names the caller in error messages.
   */
  static fromJSON(vocab: unknown, where: string): Vocabulary {
    if (!Array.isArray(vocab)) throw new TypeError(`expected json.vocab to be an array in ${where}, got ${show(vocab)}`);
    SPECIAL_TOKENS.forEach((s, i) => {
      if (vocab[i] !== s) throw new Error(`expected json.vocab[${i}] to be ${show(s)} in ${where}, got ${show(vocab[i])}`);
    });
    const v = new Vocabulary();
    vocab.slice(SPECIAL_TOKENS.length).forEach((t: unknown, k) => {
      const i = k + SPECIAL_TOKENS.length;
      if (typeof t !== 'string' || t === '') {
        throw new TypeError(`expected json.vocab[${i}] to be a non-empty string in ${where}, got ${show(t)}`);
      }
      if (v.get(t) !== undefined) throw new Error(`duplicate token json.vocab[${i}] in ${where}: ${show(t)}`);
      v.add(t);
    });
    return v;
  }

  get size(): number {
    return this.tokens.length;
  }

  /** Id of `token`, appending it if new. */
  add(token: string): number {
    const known = this.ids.get(token);
    if (known !== undefined) return known;
    this.tokens.push(token);
    this.ids.set(token, this.tokens.length - 1);
    return this.tokens.length - 1;
  }

  /** Id of `token`, or undefined. */
  get(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** Id of `token`, or UNK_ID. */
  id(token: string): number {
    return this.ids.get(token) ?? UNK_ID;
  }

  /** Token of `id`; throws a RangeError naming the id, the vocabulary size and `where`. */
  token(id: number, where: string): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.tokens.length) {
      throw new RangeError(
        `id ${show(id)} out of range in ${where}: vocabulary has ${this.tokens.length} tokens (valid ids 0..${this.tokens.length - 1})`,
      );
    }
    return this.tokens[id];
  }

  toJSON(): string[] {
    return [...this.tokens];
  }
}

/**
 * Compare strings by Unicode code points (not UTF-16 units, which put U+E000..U+FFFF after astral
 * characters), so orders do not depend on the encoding or on a locale.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) return unitRank(x) - unitRank(y);
  }
  return a.length - b.length;
}

// surrogates (astral code points) move above U+E000..U+FFFF
function unitRank(u: number): number {
  return u < 0xd800 ? u : u < 0xe000 ? u + 0x2000 : u - 0x800;
}

/**
 * Tokens ordered by count (descending) then code points, keeping those seen at least `minCount`
 * times and at most `limit` of them.
 */
export function rankByCount(counts: ReadonlyMap<string, number>, limit: number, minCount = 1): string[] {
  return [...counts]
    .filter(([, c]) => c >= minCount)
    .sort(([a, ca], [b, cb]) => cb - ca || compareCodePoints(a, b))
    .slice(0, Math.max(0, limit))
    .map(([t]) => t);
}
