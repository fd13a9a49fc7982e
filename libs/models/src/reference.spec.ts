import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { BUNDLED_FIXTURES_DIR, bundledFixtureFiles } from './bundled-fixtures';
import { verifyFixture } from './reference';

/** The team's shared fixtures, where this checkout has them (a fresh clone does not). */
const sharedDir = join(__dirname, '../../../../shared/fixtures/reference');
const shared = existsSync(sharedDir) ? readdirSync(sharedDir).filter((f) => f.endsWith('.json')).sort().map((f) => join(sharedDir, f)) : [];
const bundled = bundledFixtureFiles();
const EXPECTED = ['gru-reset-after-L1', 'gru-reset-after-L2', 'gru-reset-before-L1', 'lstm-L1', 'lstm-L2', 'rnn-L1', 'rnn-L2'];

function expectMatch(file: string): void {
  const r = verifyFixture(JSON.parse(readFileSync(file, 'utf8')), { tolerance: 1e-5 });
  const bad = r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.maxAbsError.toExponential(2)}`);
  expect(bad).toEqual([]);
  expect(r.checks.length).toBeGreaterThan(10);
}

describe('PyTorch reference fixtures (float64) on the tfjs engine', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it(`bundles every cell and depth in ${BUNDLED_FIXTURES_DIR}`, () => {
    expect(bundled.map((f) => basename(f, '.json'))).toEqual(EXPECTED);
  });
  for (const f of bundled) it(`matches bundled ${basename(f)} within 1e-5`, () => expectMatch(f));

  describe.skipIf(shared.length === 0)(`shared fixtures in ${sharedDir}`, () => {
    it('has at least the bundled set', () => expect(shared.length).toBeGreaterThanOrEqual(7));
    for (const f of shared) it(`matches shared ${basename(f)} within 1e-5`, () => expectMatch(f));
  });
});
