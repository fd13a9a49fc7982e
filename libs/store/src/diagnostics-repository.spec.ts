import type { DiagnosticsEvent } from '@rnnlab/contracts';
import { expect, it } from 'vitest';
import { describeEachDialect } from './testing/dialect-suite';
import { newRun } from './testing/fixtures';

const diagnostics = (step: number, gradNorm: number): DiagnosticsEvent => ({
  event: 'diagnostics',
  step,
  globalGradNorm: gradNorm,
  layers: [
    {
      layer: 0,
      gradNorm,
      whhSpectralNorm: 1.9,
      whhGateSpectralNorms: { r: 1, z: 1, n: 1 },
      saturation: { r: 0.1, z: 0.2, n: 0.05 },
      dhNorms: [0.01, 0.1, 1],
    },
  ],
  dhNorms: [0.01, 0.1, 1],
  dhRatio: 0.01,
});

describeEachDialect('diagnostics', (h) => {
  it('stores one document per step, first write wins, read back in step order', async () => {
    const store = h.store();
    const { run } = await store.createRun(newRun());
    expect(await store.addDiagnostics(run.id, diagnostics(250, 2))).toBe(true);
    expect(await store.addDiagnostics(run.id, diagnostics(0, 5))).toBe(true);
    expect(await store.addDiagnostics(run.id, diagnostics(250, 99))).toBe(false);
    expect(await store.getDiagnostics(run.id)).toEqual([diagnostics(0, 5), diagnostics(250, 2)]);
  });
});
