/**
 * How well a fitted tokenizer's vocabulary covers a text, for callers that must refuse input the
 * model never saw instead of feeding it <unk>: the letter case of the vocabulary, folding a text to
 * it, the pieces of a text that would encode to <unk>, and a short description of the vocabulary
 * for error messages.
 *
 * @example
 * const tok = new CharTokenizer().fit('ABC');
 * foldToVocabularyCase(tok, 'abc1'); // 'ABC1'
 * unknownPieces(tok, 'ABC1'); // ['1']
 * describeVocabulary(tok); // '3 characters: "ABC"'
 */
import { SPECIAL_TOKENS, UNK_ID, type Tokenizer } from './tokenizer';
import { normalizeText } from './tokenizer-options';
import { compareCodePoints } from './vocabulary';
import { splitWords } from './word-tokenizer';

/** The letter case of a vocabulary: every cased letter upper, every one lower, both, or no cased letter. */
export type VocabularyCase = 'upper' | 'lower' | 'mixed' | 'uncased';

// BPE's byte-fallback tokens <0x00>..<0xFF>: spellings of bytes, not text the corpus held
const BYTE_TOKEN = /^<0x[0-9A-F]{2}>$/;

/** The learned tokens of `tok` (specials and BPE byte tokens left out), in id order. */
function learnedTokens(tok: Tokenizer): string[] {
  const out: string[] = [];
  for (let id = SPECIAL_TOKENS.length; id < tok.vocabSize; id++) {
    const t = tok.idToToken(id);
    if (tok.kind === 'bpe' && BYTE_TOKEN.test(t)) continue;
    out.push(t);
  }
  return out;
}

/** Whether every cased letter of the vocabulary is upper case, every one lower case, both occur, or none has a case. */
export function vocabularyCase(tok: Tokenizer): VocabularyCase {
  let upper = false;
  let lower = false;
  for (const t of learnedTokens(tok)) {
    for (const ch of t) {
      const up = ch.toUpperCase();
      const low = ch.toLowerCase();
      if (up === low) continue; // digits, punctuation, scripts without case
      if (ch === up) upper = true;
      else if (ch === low) lower = true;
      if (upper && lower) return 'mixed';
    }
  }
  return upper ? 'upper' : lower ? 'lower' : 'uncased';
}

/**
 * `text` in the case of the vocabulary when the vocabulary is one-case (a model trained on
 * "HELLO" has never seen "h"), else `text` unchanged.
 */
export function foldToVocabularyCase(tok: Tokenizer, text: string): string {
  const c = vocabularyCase(tok);
  return c === 'upper' ? text.toUpperCase() : c === 'lower' ? text.toLowerCase() : text;
}

/**
 * The distinct pieces of `text` that `tok` encodes to <unk>, in order of first appearance, after
 * the tokenizer's own normalization: code points for a char tokenizer, words for a word tokenizer,
 * none for BPE (its byte fallback spells anything).
 */
export function unknownPieces(tok: Tokenizer, text: string): string[] {
  if (tok.kind === 'bpe') return [];
  const normalized = normalizeText(text, tok.toJSON().options);
  const pieces = tok.kind === 'char' ? [...normalized] : splitWords(normalized);
  const unknown = new Set<string>();
  for (const p of pieces) if (!unknown.has(p) && tok.encode(p).includes(UNK_ID)) unknown.add(p);
  return [...unknown];
}

/**
 * The vocabulary in a few words for an error message: all characters of a char tokenizer (in code
 * point order, up to `limit`), else the count and the first (most frequent) tokens.
 */
export function describeVocabulary(tok: Tokenizer, limit = 120): string {
  const tokens = learnedTokens(tok);
  const more = (shown: number) => (tokens.length > shown ? ` … (${tokens.length - shown} more)` : '');
  if (tok.kind === 'char') {
    const chars = [...tokens].sort(compareCodePoints);
    return `${chars.length} characters: ${JSON.stringify(chars.slice(0, limit).join(''))}${more(limit)}`;
  }
  const n = Math.min(tokens.length, 12);
  // word vocabularies are ranked by count; BPE's are its alphabet, then merges in learned order
  const head = tok.kind === 'word' ? 'words, the most frequent' : 'tokens, first';
  return `${tokens.length} ${head}: ${tokens.slice(0, n).map((t) => JSON.stringify(t)).join(', ')}${more(n)}`;
}
