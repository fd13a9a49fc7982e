import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfigInput } from '@rnnlab/contracts';
import { nativeStatus } from '@rnnlab/engine-native';
import { RunInputError } from './errors/run-input-error';
import { checkMemory, estimateMemory, formatBytes, WASM_HEAP_BYTES } from './memory';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const script = fileURLToPath(new URL('./testing/peak-memory.ts', import.meta.url));

function measure(input: RunConfigInput, engine: string): Promise<{ estimateBytes: number; peakBytes: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script, JSON.stringify(input), engine], { cwd: repoRoot, timeout: 110_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string) as { estimateBytes: number; peakBytes: number });
    });
  });
}

const shape = { params: 100_000, inputVocab: 60, outputSize: 60, engine: 'native' as const };

describe('memory estimate', () => {
  const engines = nativeStatus().available ? ['native', 'tfjs'] : ['tfjs'];
  for (const engine of engines) {
    it(`is close to the peak resident memory a run really takes (${engine} engine)`, async () => {
      // big enough that activations dominate the process's own footprint
      const input: RunConfigInput = { task: { name: 'adding', seqLen: 400, valFraction: 0, testFraction: 0 }, model: { cell: 'lstm', hidden: 256 }, train: { batch: 64, steps: 2, evalEvery: 0, diagEvery: 0 } };
      const m = await measure(input, engine);
      const ratio = m.estimateBytes / m.peakBytes;
      console.log(`${engine}: estimate ${formatBytes(m.estimateBytes)}, measured peak growth ${formatBytes(m.peakBytes)} (estimate/measured ${ratio.toFixed(2)})`);
      // an estimate that refuses runs must not be far below what they take, nor absurdly above
      expect(ratio).toBeGreaterThan(0.7);
      expect(ratio).toBeLessThan(2.5);
    });
  }

  it('grows with what the run keeps for back-propagation: batch x time, and TBPTT shortens it', () => {
    const at = (train: RunConfigInput['train'], seqLen = 1000) =>
      estimateMemory(parseRunConfig({ task: { name: 'adding', seqLen }, model: { hidden: 128 }, train: { diagEvery: 0, ...train } }), shape).parts.activations;
    expect(at({ batch: 128 }) / at({ batch: 64 })).toBeCloseTo(2, 1);
    expect(at({ batch: 64 }, 2000) / at({ batch: 64 }, 1000)).toBeCloseTo(2, 1);
    expect(at({ batch: 64, tbptt: 100 })).toBeLessThan(at({ batch: 64 }) / 5);
  });

  it('refuses with the estimate, the limit and what to lower; tensors past a WebAssembly heap whatever the limit', () => {
    const big = parseRunConfig({ task: { name: 'adding', seqLen: 100_000 }, model: { hidden: 64 } });
    expect(() => checkMemory(big, shape, Number.MAX_SAFE_INTEGER, 'test')).toThrow(RunInputError);
    expect(() => checkMemory(big, shape, Number.MAX_SAFE_INTEGER, 'test')).toThrow(
      new RegExp(`more than the ${formatBytes(WASM_HEAP_BYTES * 0.9).replace('.', '\\.')} a WebAssembly heap can hold .*: lower train\\.batch, task\\.seqLen or model\\.hidden`),
    );
    const small = parseRunConfig({ task: { name: 'adding', seqLen: 50 }, model: { hidden: 64 } });
    expect(checkMemory(small, shape, 2 ** 30, 'test').bytes).toBeLessThan(2 ** 30);
    expect(() => checkMemory(small, shape, 2 ** 20, 'a tiny limit')).toThrow(/more than the limit of 1\.0 MB \(a tiny limit\)/);
    // the fields the advice names, the first to lower first, so that a form can show the refusal beside one
    const fields = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as RunInputError).fields;
      }
      return null;
    };
    expect(fields(() => checkMemory(big, shape, Number.MAX_SAFE_INTEGER, 'test'))).toEqual(['train.batch', 'task.seqLen', 'model.hidden', 'train.tbptt']);
    const text = parseRunConfig({ task: { name: 'text', path: 'corpus.txt' }, model: { hidden: 8 } });
    expect(fields(() => checkMemory(text, { ...shape, textBytes: 2 ** 31 }, 2 ** 30, 'test'))).toEqual(['task.path']);
  });
});
