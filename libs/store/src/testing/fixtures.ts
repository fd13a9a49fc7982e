/** Small builders for the store's specs: a valid run with a unique id, a unique id. Test-only. */
import { randomUUID } from 'node:crypto';
import { parseRunConfig } from '@rnnlab/contracts';
import type { NewRun } from '../runs-repository';

export const uniqueId = (prefix = 'run') => `${prefix}-${randomUUID()}`;

export function newRun(overrides: Partial<NewRun> = {}): NewRun {
  const config = parseRunConfig({ seed: 7, task: { name: 'adding', seqLen: 10 }, model: { cell: 'gru', hidden: 8 } });
  return { id: uniqueId(), config, configHash: 'sha256-of-config', engine: 'tfjs', ...overrides };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
