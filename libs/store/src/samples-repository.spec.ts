import { expect, it } from 'vitest';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun } from './testing/fixtures';

describeEachDialect('samples', (h) => {
  it('stores one sample per step, first write wins, any text', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    expect(await store.addSample(run.id, 500, 'the quick brown fox')).toBe(true);
    expect(await store.addSample(run.id, 100, 'thh qk\0 ✓ 🦊\r\n')).toBe(true);
    expect(await store.addSample(run.id, 500, 'something else')).toBe(false);
    const samples = await store.getSamples(run.id);
    expect(samples.map((s) => [s.step, s.text])).toEqual([
      [100, 'thh qk\uFFFD ✓ 🦊\r\n'],
      [500, 'the quick brown fox'],
    ]);
    await expect(store.addSample(run.id, 1, 'x'.repeat(100_001))).rejects.toThrow(/at most 100000 characters/);
  });
});
