/**
 * Engine selection. `tfjs` is the portable engine (any tfjs backend); `native` runs the recurrences
 * in fused C++ over OpenBLAS (when it was built); `auto` prefers native.
 */
import { nativeEngine, nativeStatus } from '@rnnlab/engine-native';
import { TFJS_ENGINE, type Engine } from '@rnnlab/models';
import type { EngineChoice } from './api';

export interface EngineStatus {
  name: 'native' | 'tfjs';
  available: boolean;
  /** why it is unavailable, and what to do */
  reason?: string;
  detail?: string;
}

/**
 * The engine to compute with. `threads` sets the native engine's BLAS threads (default: all cores).
 * @example const engine = await selectEngine('auto'); // native when built, else tfjs
 */
export async function selectEngine(choice: EngineChoice, opts: { threads?: number } = {}): Promise<Engine> {
  if (choice === 'tfjs') return TFJS_ENGINE;
  if (choice === 'native') return nativeEngine(opts);
  if (choice === 'auto') return nativeStatus().available ? nativeEngine(opts) : TFJS_ENGINE;
  throw new Error(`unknown engine "${String(choice)}": expected auto, native or tfjs`);
}

export function listEngines(): EngineStatus[] {
  const n = nativeStatus();
  return [
    { name: 'native', available: n.available, reason: n.reason, detail: n.available ? `${n.blas}${n.simd ? `; ${n.simd} kernels` : ''}` : undefined },
    { name: 'tfjs', available: true, detail: 'TensorFlow.js (wasm backend; cpu as fallback; tfjs-node when installed)' },
  ];
}

