/**
 * The native engine against trusted references: the PyTorch fixtures, the tfjs engine's training
 * curves, and itself (bitwise reproducibility). CI builds the addon (RNNLAB_REQUIRE_NATIVE=1 makes
 * its absence a failure); elsewhere, an unavailable engine skips these tests with the reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledFixtureFiles, initBackend, RecurrentModel, TFJS_ENGINE, verifyFixture, type Engine, type ModelSpecInput } from '@rnnlab/models';
import { loadAddon } from './addon';
import { nativeEngine, nativeStatus } from './index';

const status = nativeStatus();
const required = process.env.RNNLAB_REQUIRE_NATIVE === '1';
/** The bundled fixtures always; the team's shared ones too where this checkout has them (a fresh clone does not). */
const sharedDir = join(__dirname, '../../../../shared/fixtures/reference');
const shared = existsSync(sharedDir) ? readdirSync(sharedDir).filter((f) => f.endsWith('.json')).sort().map((f) => join(sharedDir, f)) : [];
const bundled = bundledFixtureFiles();

describe('native engine availability', () => {
  it(required ? 'is built (required here)' : `is reported with a reason when missing (${status.available ? 'available' : status.reason})`, () => {
    if (required) expect(status, status.reason).toMatchObject({ available: true });
    else expect(status.available || (status.reason ?? '').length > 10).toBe(true);
  });
});

describe.skipIf(!status.available)('native engine', () => {
  let native: Engine;
  beforeAll(async () => {
    await initBackend('auto');
    native = nativeEngine({ threads: 2 });
  });

  function expectMatch(file: string): void {
    const r = verifyFixture(JSON.parse(readFileSync(file, 'utf8')), { tolerance: 1e-5, engine: native });
    expect(r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.maxAbsError}`)).toEqual([]);
  }
  it('has the 7 bundled PyTorch fixtures', () => expect(bundled.length).toBe(7));
  for (const f of bundled) {
    it(`matches bundled PyTorch fixture ${basename(f)} within 1e-5 (outputs, gradients, TBPTT)`, () => expectMatch(f));
  }
  describe.skipIf(shared.length === 0)(`shared fixtures in ${sharedDir}`, () => {
    for (const f of shared) it(`matches shared PyTorch fixture ${basename(f)} within 1e-5`, () => expectMatch(f));
  });

  /** 100 Adam steps on a fixed stream of adding-problem batches; returns the losses and final weights. */
  function curve(engine: Engine, spec: ModelSpecInput, masked: boolean): { losses: number[]; weights: Float32Array[] } {
    const model = new RecurrentModel(spec, 7, engine);
    const vars = [...model.params.values()];
    const opt = tf.train.adam(0.01);
    const B = 8, T = 12, I = 2;
    let seed = 1;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const losses: number[] = [];
    for (let step = 0; step < 100; step++) {
      const x = Float32Array.from({ length: T * B * I }, rand);
      const y = Float32Array.from({ length: B }, rand);
      const m = Float32Array.from({ length: T * B }, (_, i) => (masked && Math.floor(i / B) >= T - (i % B) % 4 ? 0 : 1));
      const loss = opt.minimize(() => {
        const mask = masked ? tf.tensor2d(m, [T * B, 1]) : null;
        const out = model.manyToOne({ kind: 'dense', x: tf.tensor2d(x, [T * B, I]) }, T, B, mask, { training: false });
        return tf.mean(tf.square(tf.sub(out, tf.tensor2d(y, [B, 1])))) as tf.Scalar;
      }, true, vars) as tf.Scalar;
      losses.push(loss.dataSync()[0]);
      loss.dispose();
    }
    const weights = vars.map((v) => v.dataSync() as Float32Array);
    opt.dispose();
    model.dispose();
    return { losses, weights };
  }

  const cells: [string, Partial<ModelSpecInput>][] = [
    ['rnn', { cell: 'rnn' }],
    ['lstm', { cell: 'lstm' }],
    ['gru reset-after', { cell: 'gru', gruResetAfter: true }],
    ['gru reset-before', { cell: 'gru', gruResetAfter: false }],
  ];
  for (const [name, cellSpec] of cells) {
    for (const masked of [false, true]) {
      it(`gives the tfjs engine's training curve over 100 steps: ${name}${masked ? ', masked' : ''}`, () => {
        const spec = { ...cellSpec, layers: 2, hidden: 16, topology: 'many-to-one', input: { kind: 'dense', features: 2 }, outputSize: 1 } as ModelSpecInput;
        const a = curve(TFJS_ENGINE, spec, masked);
        const b = curve(native, spec, masked);
        const worst = Math.max(...a.losses.map((l, i) => Math.abs(l - b.losses[i]) / Math.max(1e-3, Math.abs(l))));
        expect(worst).toBeLessThan(1e-3);
        expect(b.losses[99]).toBeLessThan(b.losses[0]);
      });
    }
  }

  it('is reproducible bit for bit with a fixed thread count', () => {
    const spec: ModelSpecInput = { cell: 'lstm', layers: 1, hidden: 64, topology: 'many-to-one', input: { kind: 'dense', features: 2 }, outputSize: 1 };
    const a = curve(native, spec, false);
    const b = curve(native, spec, false);
    expect(b.losses).toEqual(a.losses);
    a.weights.forEach((w, i) => expect(Buffer.from(b.weights[i].buffer).equals(Buffer.from(w.buffer))).toBe(true));
  });

  it('rejects bad shapes and types with a clear error and keeps the process alive', () => {
    const addon = loadAddon().addon;
    if (!addon) throw new Error('addon missing');
    const f = (n: number) => new Float32Array(n);
    expect(() => addon.forward('lstm', 2, 1, 3, f(23), f(3), f(3), f(36), f(12), null, f(6), f(3), f(addon.workspaceSize('lstm', 2, 1, 3)))).toThrow(/^expected xp of length T\*B\*G\*H = 24, got 23 in forward\(\)$/);
    expect(() => addon.forward('nope' as 'lstm', 2, 1, 3, f(24), f(3), f(3), f(36), f(12), null, f(6), f(3), f(1))).toThrow(/^unknown cell 'nope' \(expected 'rnn_tanh', .*\) in forward\(\)$/);
    expect(() => addon.forward('rnn_tanh', 2, 1, 3, [1, 2] as unknown as Float32Array, f(3), null, f(9), f(3), null, f(6), null, f(1000))).toThrow(/^expected xp to be a Float32Array, got Array in forward\(\)$/);
    expect(() => addon.sgemm(false, false, 2, 2, 2, 1, f(3), 2, f(4), 2, 0, f(4), 2)).toThrow(/^expected A of length at least \(M-1\)\*lda \+ K = 4, got 3 in sgemm\(\)$/);
  });
});

describe.skipIf(!status.available)('native stepper (sampling without tfjs)', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });
  for (const [name, extra] of [['lstm, one-hot, 2 layers', { cell: 'lstm', layers: 2 }], ['gru, embedding', { cell: 'gru', embed: 5 }], ['rnn', { cell: 'rnn' }]] as const) {
    it(`gives the logits of the whole-sequence model, step by step: ${name}`, async () => {
      const { createNativeStepper } = await import('./stepper');
      const engine = nativeEngine({ threads: 1 });
      const V = 7;
      const model = new RecurrentModel({ hidden: 12, topology: 'many-to-many', input: { kind: 'tokens', vocab: V }, outputSize: V, ...extra }, 3, engine);
      const ids = [1, 4, 6, 0, 2, 2, 5];
      const want = tf.tidy(() => model.manyToMany({ kind: 'ids', ids: tf.tensor1d(ids, 'int32') }, ids.length, 1, null, null, { training: false }).logits.arraySync()) as number[][];
      const stepper = createNativeStepper(model);
      expect(stepper).not.toBeNull();
      ids.forEach((id, t) => {
        const got = Array.from((stepper as NonNullable<typeof stepper>).step(id));
        const err = Math.max(...got.map((g, j) => Math.abs(g - want[t][j])));
        expect(err).toBeLessThan(1e-5);
      });
      expect(() => stepper?.step(V)).toThrow(/token id/);
      model.dispose();
    });
  }
});
