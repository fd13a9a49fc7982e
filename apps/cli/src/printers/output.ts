/**
 * Where printers write: a Node writable (process.stdout in the CLI, a collector in tests).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export type Output = Pick<Writable, 'write' | 'once' | 'on' | 'off' | 'emit' | 'removeListener'>;

/** Write a chunk and wait for 'drain' when the stream's buffer is full (back-pressure on the trainer). */
export async function writeAndDrain(out: Output, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out as Writable, 'drain');
}
