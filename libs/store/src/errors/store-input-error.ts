import { StoreError } from './store-error';

/**
 * A repository call with arguments that cannot be stored: a malformed id, a negative step, an
 * unknown status, a row for a run that does not exist. Unrecoverable: the same call fails again.
 * The message names the function, the argument and the value received.
 */
export class StoreInputError extends StoreError {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreInputError';
  }
}
