/**
 * The PyTorch float64 reference fixtures shipped with this package (`libs/models/fixtures/reference`,
 * made by `libs/models/scripts/make-reference-fixtures.py`), so a fresh clone can verify its engines
 * without `../shared`. Located from this file's URL: the sources run as-is under tsx and vitest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the bundled fixture directory. */
export const BUNDLED_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/reference', import.meta.url));

/**
 * Absolute paths of the bundled fixtures (`*.json`), sorted by name.
 * @example for (const f of bundledFixtureFiles()) verifyFixture(JSON.parse(readFileSync(f, 'utf8')));
 */
export function bundledFixtureFiles(): string[] {
  return readdirSync(BUNDLED_FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(BUNDLED_FIXTURES_DIR, f));
}

/**
 * Every bundled fixture, parsed (not yet validated: `verifyFixture` does that).
 * @example const reports = bundledFixtures().map(({ json }) => verifyFixture(json, { tolerance: 1e-5 }));
 */
export function bundledFixtures(): { file: string; json: unknown }[] {
  return bundledFixtureFiles().map((file) => ({ file, json: JSON.parse(readFileSync(file, 'utf8')) as unknown }));
}
