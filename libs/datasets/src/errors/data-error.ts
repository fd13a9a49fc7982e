/**
 * Bad data or a bad task configuration: the same input fails the same way every time, so nothing
 * should retry it (workers map it to an unrecoverable failure). The message names the function or
 * field, what is allowed, and what was received.
 */
export class DataError extends Error {
  /** marker for job runners: retrying cannot help */
  readonly unrecoverable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataError';
  }
}
