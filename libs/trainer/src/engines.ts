/**
 * Engine selection. `tfjs` is the portable engine (any tfjs backend); `auto` prefers the fastest
 * available. The native engine (issue #3) registers here when it exists.
 */
import { TFJS_ENGINE, type Engine } from '@rnnlab/models';
import type { EngineChoice } from './api';

export interface EngineStatus {
  name: string;
  available: boolean;
  reason?: string;
}

export async function selectEngine(choice: EngineChoice): Promise<Engine> {
  if (choice === 'auto' || choice === 'tfjs') return TFJS_ENGINE;
  throw new Error(`unknown engine "${String(choice)}": expected auto or tfjs`);
}

export function listEngines(): EngineStatus[] {
  return [{ name: 'tfjs', available: true }];
}
