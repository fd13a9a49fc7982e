/**
 * Loading the native addon (build/Release/rnnlab_native.node) and explaining its absence.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Cell variants the kernels implement. */
export type NativeCell = 'rnn_tanh' | 'rnn_relu' | 'lstm' | 'gru_after' | 'gru_before';

/** Builds of the kernels' elementwise and small-GEMM loops; the addon picks the best the CPU has at load time. */
export type SimdLevel = 'avx512' | 'avx2' | 'baseline';

type F32 = Float32Array;

/** The N-API surface (see ../native/addon.cc). Layouts: row-major, time-major rows, W_hh as [H, G*H]. */
export interface NativeAddon {
  workspaceSize(cell: NativeCell, T: number, B: number, H: number): number;
  forward(cell: NativeCell, T: number, B: number, H: number, xp: F32, h0: F32, c0: F32 | null, whh: F32, bhh: F32, mask: F32 | null, hs: F32, cT: F32 | null, ws: F32): void;
  backward(
    cell: NativeCell, T: number, B: number, H: number, h0: F32, c0: F32 | null, whh: F32, bhh: F32, mask: F32 | null,
    hs: F32, ws: F32, dhs: F32, dcT: F32 | null, dxp: F32, dh0: F32, dc0: F32 | null, dwhh: F32, dbhh: F32, dhNorms: F32 | Float64Array | null,
  ): void;
  sgemm(transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number, A: F32, lda: number, B: F32, ldb: number, beta: number, C: F32, ldc: number): void;
  adam(p: F32, g: F32, m: F32, v: F32, pOut: F32, mOut: F32, vOut: F32, beta1: number, beta2: number, epsHat: number, stepSize: number, decay: number): void;
  scatterAddRows(ids: Int32Array, src: F32, out: F32, K: number): void;
  softmaxXent(logits: F32, targets: Int32Array, weights: F32, probs: F32, V: number): number;
  softmaxXentGrad(probs: F32, targets: Int32Array, weights: F32, scale: number, d: F32, V: number): void;
  setThreads(n: number): void;
  getThreads(): number;
  /** `simd`: the kernel build in use; diagnostic (tests read it, the engine never does), hence optional. */
  info(): { blas: string; threads: number; version: number; simd?: SimdLevel };
  /**
   * Testing hook, never used by the engine (hence optional): force the kernel build ('best' = the one chosen
   * at load time) and return the one now in use. Throws "this CPU does not support <level>" when the CPU
   * lacks it. Process-global: a test that forces a level restores 'best' afterwards.
   */
  _setSimd?(level: SimdLevel | 'best'): SimdLevel;
}

export interface NativeStatus {
  available: boolean;
  /** why not, with what to do about it */
  reason?: string;
  blas?: string;
  threads?: number;
  /** the kernel build in use: the CPU's best, or the one RNNLAB_NATIVE_SIMD asks for */
  simd?: SimdLevel;
}

const SIMD_CHOICES = ['avx512', 'avx2', 'baseline', 'best'] as const;

/**
 * RNNLAB_NATIVE_SIMD=avx2 (or baseline, avx512, best) lowers the kernel build from the CPU's best,
 * to measure what a machine without AVX-512 gets (`rnnlab bench`) or to rule the kernels out;
 * null when unset, else the reason it cannot be had.
 */
function applySimdChoice(addon: NativeAddon): string | null {
  const want = process.env.RNNLAB_NATIVE_SIMD?.trim();
  if (!want) return null;
  if (!(SIMD_CHOICES as readonly string[]).includes(want)) return `RNNLAB_NATIVE_SIMD=${want}: expected one of ${SIMD_CHOICES.join(', ')}`;
  if (!addon._setSimd) return `RNNLAB_NATIVE_SIMD=${want}: this build of the addon cannot change its kernels (rebuild it: npm run build:native)`;
  try {
    addon._setSimd(want as SimdLevel | 'best');
    return null;
  } catch (e) {
    return `RNNLAB_NATIVE_SIMD=${want}: ${(e as Error).message}; unset it to use the CPU's best`;
  }
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let loaded: { addon: NativeAddon | null; status: NativeStatus } | null = null;

/** Load once; never throws. */
export function loadAddon(): { addon: NativeAddon | null; status: NativeStatus } {
  if (loaded) return loaded;
  const file = join(root, 'build', 'Release', 'rnnlab_native.node');
  if (!existsSync(file)) {
    let reason = 'not built: run `npm rebuild` (or `npm run build:native`) after installing g++ and libopenblas-dev';
    try {
      const s = JSON.parse(readFileSync(join(root, 'build', 'status.json'), 'utf8')) as { ok: boolean; reason: string };
      if (!s.ok) reason = s.reason;
    } catch {
      // no status: the build never ran
    }
    loaded = { addon: null, status: { available: false, reason } };
    return loaded;
  }
  try {
    const addon = createRequire(import.meta.url)(file) as NativeAddon;
    const refused = applySimdChoice(addon);
    const info = addon.info();
    loaded = refused ? { addon: null, status: { available: false, reason: refused } } : { addon, status: { available: true, blas: info.blas, threads: info.threads, simd: info.simd } };
  } catch (e) {
    loaded = { addon: null, status: { available: false, reason: `failed to load ${file}: ${(e as Error).message}` } };
  }
  return loaded;
}
