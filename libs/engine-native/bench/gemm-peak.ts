/**
 * The machine's measured GEMM peak, the yardstick for "what fraction of the machine does a training
 * step use": OpenBLAS sgemm at large square sizes through the native addon's thread team (the same
 * threads as the engine), in GFLOP/s (2·M·N·K per call), best of several calls per size. Prints
 * numbers; asserts nothing.
 *
 *   node --import tsx libs/engine-native/bench/gemm-peak.ts [--threads 2] [--sizes 512,1024,2048]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { loadAddon } from '../src/addon';

const { values } = parseArgs({ options: { threads: { type: 'string' }, sizes: { type: 'string', default: '512,1024,2048' } } });
const { addon: loaded, status } = loadAddon();
if (!loaded) {
  process.stderr.write(`the native engine is not built: ${status.reason}\n`);
  process.exit(1);
}
const addon = loaded;
const threads = Number(values.threads ?? availableParallelism());
const sizes = values.sizes.split(',').map(Number);

function gflops(n: number): number {
  const A = new Float32Array(n * n).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5); // [n, n]
  const B = new Float32Array(n * n).map((_, i) => ((i * 104729) % 1000) / 1000 - 0.5); // [n, n]
  const C = new Float32Array(n * n); // [n, n]
  addon.sgemm(false, false, n, n, n, 1, A, n, B, n, 0, C, n); // warm-up (page faults, packing buffers)
  let best = Infinity;
  const deadline = performance.now() + 2000;
  for (let i = 0; i < 3 || performance.now() < deadline; i++) {
    const t0 = performance.now();
    addon.sgemm(false, false, n, n, n, 1, A, n, B, n, 0, C, n);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return (2 * n * n * n) / best / 1e9;
}

const info = addon.info() as { blas: string; threads: number; simd?: string };
process.stdout.write(`OpenBLAS: ${info.blas}${process.env.OPENBLAS_CORETYPE ? ` (OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE})` : ''}\n`);
for (const t of [...new Set([1, threads])]) {
  addon.setThreads(t);
  for (const n of sizes) process.stdout.write(`sgemm ${n}x${n}x${n}, ${t} thread${t > 1 ? 's' : ''}: ${gflops(n).toFixed(1)} GFLOP/s\n`);
}
