import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { verifyFixture } from './reference';

const dir = join(__dirname, '../../../../shared/fixtures/reference');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('PyTorch reference fixtures (float64) on the tfjs engine', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });
  it('finds the fixtures', () => expect(files.length).toBeGreaterThanOrEqual(7));
  for (const f of files) {
    it(`matches ${f} within 1e-5`, () => {
      const r = verifyFixture(JSON.parse(readFileSync(join(dir, f), 'utf8')), { tolerance: 1e-5 });
      const bad = r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.maxAbsError.toExponential(2)}`);
      expect(bad).toEqual([]);
      expect(r.checks.length).toBeGreaterThan(10);
    });
  }
});
