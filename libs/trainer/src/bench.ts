/**
 * Training-throughput benchmark of a char language model, the shape of ../shared/bench/torch_bench.py:
 * one-hot input (V = 65), a recurrent stack, a linear head, softmax cross-entropy, Adam; tokens/s =
 * B·T / seconds per full step (forward, backward, optimizer update). Measures, never asserts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { nativeStatus } from '@rnnlab/engine-native';
import type { CellKind } from '@rnnlab/contracts';
import { initBackend, RecurrentModel } from '@rnnlab/models';
import { Rng } from '@rnnlab/random';
import type { EngineChoice } from './api';
import { selectEngine } from './engines';
import { CharTokenizer } from '@rnnlab/tokenization';
import { batchGradients } from './objectives';
import { sampleLm } from './sample';
import { Optimizer } from './optimizers';

export interface BenchConfig {
  engine: EngineChoice;
  cell: CellKind;
  layers: number;
  hidden: number;
  batch: number;
  seqLen: number;
  vocab: number;
  /** seconds per timed repetition (at least 3 steps each) */
  minTime: number;
  reps: number;
  /** BLAS threads of the native engine (default: all cores) */
  threads?: number;
}

export interface BenchResult {
  kind: 'train';
  engine: string;
  backend: string;
  /** the native engine's kernel build (avx512, avx2, baseline); absent for the others */
  simd?: string;
  cell: CellKind;
  layers: number;
  hidden: number;
  B: number;
  T: number;
  V: number;
  sec_per_step: number;
  sec_per_step_all: number[];
  tokens_per_s: number;
}

/** Next-token pairs [B, T] from one seeded random stream per sequence (the benchmarks' data). */
export function nextTokenPairs(B: number, T: number, V: number, seed = 0): { tokens: Int32Array; targets: Int32Array } {
  const rng = new Rng(seed);
  const stream = Int32Array.from({ length: B * (T + 1) }, () => rng.int(V));
  const tokens = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    tokens.set(stream.subarray(b * (T + 1), b * (T + 1) + T), b * T);
    targets.set(stream.subarray(b * (T + 1) + 1, (b + 1) * (T + 1)), b * T);
  }
  return { tokens, targets };
}

export async function benchTraining(c: BenchConfig): Promise<BenchResult> {
  const backend = await initBackend('auto');
  const engine = await selectEngine(c.engine, { threads: c.threads });
  const { batch: B, seqLen: T, vocab: V } = c;
  const model = new RecurrentModel({ cell: c.cell, layers: c.layers, hidden: c.hidden, topology: 'many-to-many', input: { kind: 'tokens', vocab: V }, outputSize: V, init: 'uniform', forgetBias: 0 }, 0, engine);
  const opt = new Optimizer('adam', { momentum: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
  const { tokens, targets } = nextTokenPairs(B, T, V);
  const batch = { kind: 'lm' as const, tokens, targets, mask: new Float32Array(B * T).fill(1), shape: { B, T, V, C: V }, continues: false };
  const step = () => {
    const r = batchGradients(model, batch, { training: true, rng: null, states: null, tbptt: 0, teacherForcing: 1 });
    opt.apply(model.params, r.grads, 1e-3);
    tf.dispose([...r.grads.values()]);
  };
  try {
    for (let i = 0; i < 3; i++) step();
    const { med, times } = await timeSteps(step, c);
    return {
      kind: 'train', engine: engine.name, backend: backend.name, ...(engine.name === 'native' ? { simd: nativeStatus().simd } : {}), cell: c.cell, layers: c.layers, hidden: c.hidden,
      B, T, V, sec_per_step: med, sec_per_step_all: times, tokens_per_s: (B * T) / med,
    };
  } finally {
    opt.dispose();
    model.dispose();
  }
}

/**
 * The timing rule shared by every training benchmark (torch_bench.py's `timed`): `reps` repetitions,
 * each running `step` for at least `minTime` seconds and at least 3 times; seconds per step of each
 * repetition and their median. `maxSteps` caps a repetition (never below 3 steps) for slow baselines.
 */
export async function timeSteps(
  step: () => void | Promise<unknown>,
  c: { minTime: number; reps: number; maxSteps?: number },
): Promise<{ med: number; times: number[] }> {
  const maxSteps = Math.max(3, c.maxSteps ?? Infinity);
  const times: number[] = [];
  for (let r = 0; r < c.reps; r++) {
    let n = 0;
    const t0 = performance.now();
    while (n < 3 || (n < maxSteps && performance.now() - t0 < c.minTime * 1000)) {
      await step();
      n++;
    }
    times.push((performance.now() - t0) / 1000 / n);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { med: sorted[Math.floor(sorted.length / 2)], times };
}

export interface SampleBenchResult {
  kind: 'infer';
  engine: string;
  cell: CellKind;
  hidden: number;
  V: number;
  ms_per_token: number;
  ms_all: number[];
}

/**
 * Sampling latency at batch 1 (the yardstick's `infer`): an untrained LM, feeding back each sampled
 * token; milliseconds per generated token, median over `reps` runs of `tokens` tokens.
 */
export async function benchSampling(c: { engine: EngineChoice; cell: CellKind; hidden: number; vocab: number; tokens: number; reps: number; threads?: number }): Promise<SampleBenchResult> {
  await initBackend('auto');
  const engine = await selectEngine(c.engine, { threads: c.threads });
  const model = new RecurrentModel({ cell: c.cell, hidden: c.hidden, topology: 'many-to-many', input: { kind: 'tokens', vocab: c.vocab }, outputSize: c.vocab, init: 'uniform', forgetBias: 0 }, 0, engine);
  const symbols = Array.from({ length: c.vocab - 4 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
  const tok = new CharTokenizer().fit(symbols);
  try {
    const rng = new Rng(0);
    sampleLm(model, tok, '', 20, 1, 0, rng);
    const ms: number[] = [];
    for (let r = 0; r < c.reps; r++) {
      const t0 = performance.now();
      sampleLm(model, tok, '', c.tokens, 1, 0, rng);
      ms.push((performance.now() - t0) / c.tokens);
    }
    const sorted = [...ms].sort((a, b) => a - b);
    return { kind: 'infer', engine: engine.name, cell: c.cell, hidden: c.hidden, V: tok.vocabSize, ms_per_token: sorted[Math.floor(sorted.length / 2)], ms_all: ms };
  } finally {
    model.dispose();
  }
}
