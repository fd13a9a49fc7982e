/**
 * `--engine native` is accepted by every computing command, but the addon may not be built here:
 * check before anything is computed or written, and say why (bad input: exit 2, nothing to retry).
 */
import { nativeStatus } from '@rnnlab/engine-native';
import { UsageError } from './args';

/** Throws a UsageError with nativeStatus()'s reason when `choice` is `native` and it cannot run. */
export function requireEngine(choice: string): void {
  if (choice !== 'native') return;
  const status = nativeStatus();
  if (!status.available) throw new UsageError(`--engine native: engine native is not available: ${status.reason ?? 'no reason given'}`);
}
