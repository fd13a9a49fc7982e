/**
 * Turning an error into a message on stderr and an exit code: 2 for bad input (usage errors,
 * invalid configs, bad data: nothing can succeed by retrying), 1 for anything else.
 */
import { ConfigError } from '@rnnlab/contracts';
import { UsageError } from './args';

export function isBadInput(err: unknown): boolean {
  if (err instanceof UsageError || err instanceof ConfigError) return true;
  // DataError and other libs' unrecoverable errors carry this marker (see libs/datasets errors/)
  return typeof err === 'object' && err !== null && (err as { unrecoverable?: unknown }).unrecoverable === true;
}

/** Print `rnnlab: <message>` and return the exit code. */
export function reportError(err: unknown, stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr): number {
  const message = err instanceof Error ? err.message : String(err);
  // a usage error lists one problem per line, each naming its flag
  const lines = err instanceof UsageError ? message.split('\n') : [message];
  stderr.write(lines.map((l) => `rnnlab: ${l}\n`).join(''));
  if (!isBadInput(err) && err instanceof Error && err.stack && process.env.RNNLAB_DEBUG) stderr.write(`${err.stack}\n`);
  return isBadInput(err) ? 2 : 1;
}
