/**
 * `rnnlab bench`: tokens/s of full training steps, one config or the standard matrix, on rnnlab's
 * engines and on the tf.layers baseline.
 */
import { spawnSync } from 'node:child_process';
import type { CellKind } from '@rnnlab/contracts';
import { benchSampling, benchTfLayers, benchTraining, listEngines, type BenchResult, type SampleBenchResult } from '@rnnlab/trainer';
import { UsageError, parseBenchArgs, type BenchArgs, type BenchEngine } from '../args';
import { formatTable } from '../printers/format';
import { requireEngine } from '../require-engine';
import { commandUsage } from '../usage';

/** The matrix of ../shared/bench/common_flops.json. */
const MATRIX: [CellKind, number, number][] = [
  ['rnn', 1, 256], ['lstm', 1, 256], ['gru', 1, 256],
  ['rnn', 2, 256], ['lstm', 2, 256], ['gru', 2, 256],
  ['lstm', 1, 128], ['lstm', 1, 512],
];

/** tf.layers runs ~1.4k tokens/s on LSTM-256: in the matrix, cap its repetitions at the 3-step minimum. */
const TF_LAYERS_MATRIX_MAX_STEPS = 3;

export async function benchCommand(argv: string[]): Promise<number> {
  const a = parseBenchArgs(argv);
  if (a.help) {
    process.stdout.write(commandUsage('bench'));
    return 0;
  }
  requireEngine(a.engine);
  if (a.sample) return sampleLatency(a);
  const matrix = a.cell === undefined;
  const configs: [CellKind, number, number][] = a.cell ? [[a.cell, a.layers ?? 1, a.hidden ?? 256]] : MATRIX;
  const engines: BenchEngine[] = matrix && a.engine === 'auto' ? matrixEngines() : [a.engine];
  const results: BenchResult[] = [];
  const isolate = engines.length * configs.length > 1;
  for (const engine of engines) {
    for (const [cell, layers, hidden] of configs) {
      const r =
        isolate && engine !== 'tf.layers'
          ? benchInChild(a, engine, { cell, layers, hidden })
          : await benchOne(a, engine, { cell, layers, hidden }, matrix);
      results.push(r);
      if (a.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else process.stderr.write(`  ${r.engine}${r.simd ? ` (${r.simd})` : ''}/${r.backend} ${cell} L${layers} H${hidden}: ${Math.round(r.tokens_per_s)} tokens/s (${(r.sec_per_step * 1000).toFixed(1)} ms/step)\n`);
    }
  }
  if (!a.json) {
    const rows = results.map((r) => [r.simd ? `${r.engine} (${r.simd})` : r.engine, r.backend, r.cell, String(r.layers), String(r.hidden), (r.sec_per_step * 1000).toFixed(1), Math.round(r.tokens_per_s).toLocaleString('en-US')]);
    process.stdout.write(formatTable(['engine', 'backend', 'cell', 'L', 'H', 'ms/step', 'tokens/s'], rows, [3, 4, 5, 6]));
  }
  return 0;
}

/**
 * The matrix under `auto`: the tf.layers baseline and every engine that can run here. Native goes
 * last: selecting it registers OpenBLAS matMuls into the process's wasm backend, which would
 * silently speed up whatever tfjs code runs after it (measured: tf.layers LSTM-256 ~0.9k tokens/s
 * alone, ~6.7k after native), so neither the baseline nor the tfjs engine would be measured as such.
 */
function matrixEngines(): BenchEngine[] {
  const available = listEngines().filter((e) => e.available).map((e) => e.name);
  return ['tf.layers', ...available.filter((n) => n !== 'native'), ...available.filter((n) => n === 'native')];
}

/**
 * One config in a fresh process: tfjs backends, kernel registrations and the wasm heap are
 * process-global, so configs measured one after another in one process influence each other
 * (a grown heap, the native engine's BLAS matMul replacing wasm's for everything after it).
 */
function benchInChild(a: BenchArgs, engine: BenchEngine, model: { cell: CellKind; layers: number; hidden: number }): BenchResult {
  const args = [
    process.argv[1], 'bench', '--json', '--engine', engine, '--cell', model.cell, '--layers', String(model.layers), '--hidden', String(model.hidden),
    '--batch', String(a.batch), '--seq-len', String(a.seqLen), '--vocab', String(a.vocab), '--min-time', String(a.minTime), '--reps', String(a.reps),
    ...(a.threads ? ['--threads', String(a.threads)] : []),
  ];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) {
    throw new Error(`bench of ${engine} ${model.cell} L${model.layers} H${model.hidden} failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').pop()}`);
  }
  return JSON.parse(last) as BenchResult;
}

function benchOne(a: BenchArgs, engine: BenchEngine, model: { cell: CellKind; layers: number; hidden: number }, matrix: boolean): Promise<BenchResult> {
  const shape = { ...model, batch: a.batch, seqLen: a.seqLen, vocab: a.vocab, minTime: a.minTime, reps: a.reps };
  if (engine === 'tf.layers') return benchTfLayers({ ...shape, ...(matrix && { maxSteps: TF_LAYERS_MATRIX_MAX_STEPS }) });
  return benchTraining({ ...shape, engine, threads: a.threads });
}

/** `--sample`: ms per generated token at batch 1 (the yardstick's `infer`), per engine. */
async function sampleLatency(a: BenchArgs): Promise<number> {
  const engines = a.engine === 'auto' ? listEngines().filter((e) => e.available).map((e) => e.name).reverse() : [a.engine];
  const results: SampleBenchResult[] = [];
  for (const engine of engines) {
    if (engine === 'tf.layers') throw new UsageError('--engine tf.layers: --sample times rnnlab engines only (auto, native or tfjs)');
    const r = await benchSampling({ engine, cell: a.cell ?? 'lstm', hidden: a.hidden ?? 256, vocab: a.vocab, tokens: 400, reps: a.reps, threads: a.threads });
    results.push(r);
    if (a.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  }
  if (!a.json) {
    const rows = results.map((r) => [r.engine, r.cell, String(r.hidden), String(r.V), r.ms_per_token.toFixed(4)]);
    process.stdout.write(formatTable(['engine', 'cell', 'H', 'V', 'ms/token'], rows, [2, 3, 4]));
  }
  return 0;
}
