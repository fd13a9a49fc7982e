/**
 * Choosing and starting the tfjs backend that executes models.
 *
 * Order for `auto`: `tensorflow` (@tensorflow/tfjs-node, when it is installed — optional, it cannot
 * install everywhere), then `wasm` (XNNPACK; the default here), then `cpu` (pure JS, last resort).
 */
import * as tf from '@tensorflow/tfjs-core';
// the umbrella package registers every op's gradient (tfjs-core's node bundle alone registers none)
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGatherTranspose } from './kernels/gather-transpose';
import { registerWasmSliceKernels } from './kernels/slice';
import { registerWasmUnsortedSegmentSum } from './kernels/unsorted-segment-sum';

export const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

export interface BackendInfo {
  name: string;
  /** why preferred backends were skipped, for `rnnlab engines` and logs */
  skipped: { name: string; reason: string }[];
}

let current: Promise<BackendInfo> | null = null;
let currentChoice: BackendChoice | null = null;

async function tryTfjsNode(): Promise<string | null> {
  const mod = '@tensorflow/tfjs-node';
  try {
    await import(/* @vite-ignore */ mod);
    return tf.findBackend('tensorflow') ? null : 'loaded but registered no "tensorflow" backend';
  } catch (e) {
    return `not installed (${(e as Error).message.split('\n')[0]})`;
  }
}

async function trySet(name: string): Promise<string | null> {
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return 'failed to initialize';
    await tf.ready();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Select and initialize a backend once per process; later calls return the same result.
 * @example const { name } = await initBackend('auto'); // 'wasm' on most machines
 */
export function initBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  if (current && currentChoice === choice) return current;
  currentChoice = choice;
  current = (async () => {
    registerWasmUnsortedSegmentSum();
    registerWasmSliceKernels();
    registerWasmGatherTranspose();
    tf.env().set('IS_TEST', false);
    const skipped: { name: string; reason: string }[] = [];
    const order = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
    for (const name of order) {
      const why = name === 'tensorflow' ? ((await tryTfjsNode()) ?? (await trySet(name))) : await trySet(name);
      if (why === null) return { name, skipped };
      skipped.push({ name, reason: why });
    }
    throw new Error(
      `no tfjs backend could start for choice "${choice}": ` + skipped.map((s) => `${s.name}: ${s.reason}`).join('; '),
    );
  })();
  return current;
}
