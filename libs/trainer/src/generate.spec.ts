/**
 * One-to-many generation (names-by-category) through the trainer: it learns (bits per character
 * below the per-category bigram's), its samples are scored against the splits, and `sample()`
 * generates from a category and refuses what does not apply.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type DoneEvent } from '@rnnlab/contracts';
import { initBackend } from '@rnnlab/models';
import { sample } from './sample';
import { train } from './train';

const dir = mkdtempSync(join(tmpdir(), 'rnnlab-generate-'));
const lmDir = mkdtempSync(join(tmpdir(), 'rnnlab-generate-lm-'));
afterAll(() => [dir, lmDir].forEach((d) => rmSync(d, { recursive: true, force: true })));
let done: DoneEvent;

describe('names-by-category', () => {
  beforeAll(async () => {
    await initBackend('auto');
    const config = parseRunConfig({ seed: 2, task: { name: 'names-by-category' }, model: { cell: 'gru', hidden: 48 }, train: { batch: 32, steps: 600, lr: 0.01, evalEvery: 200, diagEvery: 0, checkpointEvery: 0 } });
    done = await train(config, { checkpointDir: dir });
  }, 120_000);

  it('learns the names of each category: bits per character below the per-category bigram', () => {
    expect(done.val.bpc).toBeLessThan(done.baseline?.bigram_bits_per_token as number);
    expect(done.val.bits_per_token).toBe(done.val.bpc);
  });

  it('scores its samples: fractions of held-out real names and of copied training names', () => {
    for (const k of ['novel_real', 'memorized'] as const) {
      expect(done.val[k]).toBeGreaterThanOrEqual(0);
      expect(done.val[k]).toBeLessThan(1);
    }
    expect(done.val.novel_real + done.val.memorized).toBeGreaterThan(0); // some samples are real names
  });

  it('generates names of a category, seeded', async () => {
    const a = await sample({ checkpoint: dir, category: 'female', count: 20, seed: 4, engine: 'tfjs' });
    const b = await sample({ checkpoint: dir, category: 'female', count: 20, seed: 4, engine: 'tfjs' });
    expect(a).toBe(b);
    const names = a.split('\n');
    expect(names).toHaveLength(20);
    expect(names.every((n) => /^[A-Za-z' -]{1,32}$/.test(n))).toBe(true);
    expect(await sample({ checkpoint: dir, category: 'male', count: 20, seed: 4, engine: 'tfjs' })).not.toBe(a);
    expect((await sample({ checkpoint: dir, category: 'male', count: 3, length: 2, seed: 1, engine: 'tfjs' })).split('\n').every((n) => n.length <= 2)).toBe(true);
  });

  it('refuses what does not apply, naming the flag', async () => {
    await expect(sample({ checkpoint: dir })).rejects.toThrow(/--category: required for a one-to-many checkpoint \(task names-by-category\): one of female, male/);
    await expect(sample({ checkpoint: dir, category: 'robot' })).rejects.toThrow(/--category: expected one of female, male, got "robot"/);
    await expect(sample({ checkpoint: dir, category: 'male', prime: 'Al', beam: 2 })).rejects.toThrow(/--prime: does not apply[\s\S]*--beam: applies to encoder-decoder/);
    const lm = parseRunConfig({ task: { name: 'names', seqLen: 8 }, model: { cell: 'gru', hidden: 8 }, train: { batch: 4, steps: 2, evalEvery: 0, diagEvery: 0, checkpointEvery: 0 } });
    await train(lm, { checkpointDir: lmDir });
    await expect(sample({ checkpoint: lmDir, category: 'female' })).rejects.toThrow(/--category, --count: apply to one-to-many checkpoints/);
  });
});
