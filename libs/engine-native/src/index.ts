import { availableParallelism } from 'node:os';
import { setFastTransposedMatMul, type Engine } from '@rnnlab/models';
import { loadAddon, type NativeStatus } from './addon';
import { registerBlasMatMul, registerNativeKernels, registerTrainingKernels } from './kernels';
import { nativeRecurrence } from './native-recurrence';

export type { NativeStatus, NativeAddon, NativeCell } from './addon';
export { nativeRecurrence, nativeCell } from './native-recurrence';
export { ADAM, XENT, XENT_GRAD } from './kernels';

/** Whether the native engine can run here, and why not. */
export function nativeStatus(): NativeStatus {
  return loadAddon().status;
}

/**
 * The native engine: fused C++ recurrences over OpenBLAS, plus OpenBLAS matMuls for tfjs's wasm backend.
 * Throws with the reason when unavailable. `threads` defaults to the machine's cores.
 */
export function nativeEngine(opts: { threads?: number } = {}): Engine {
  const { addon, status } = loadAddon();
  if (!addon) throw new Error(`engine native is not available: ${status.reason}`);
  addon.setThreads(Math.max(1, Math.floor(opts.threads ?? availableParallelism())));
  registerNativeKernels(addon);
  registerBlasMatMul(addon);
  registerTrainingKernels(addon);
  setFastTransposedMatMul(true);
  return { name: 'native', recurrence: nativeRecurrence };
}

/** Set the BLAS thread count (a worker running N jobs on C cores should use C / N). */
export function setNativeThreads(n: number): void {
  loadAddon().addon?.setThreads(Math.max(1, Math.floor(n)));
}
export { createNativeStepper } from './stepper';
export type { NativeStepper } from './stepper';
