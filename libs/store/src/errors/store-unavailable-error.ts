import { StoreError } from './store-error';

/**
 * The database cannot be reached or cannot take the write now: connection refused or dropped,
 * the server shutting down, too many connections, a lock held longer than the lock timeout, a full
 * disk. Transient: retry with exponential backoff. `cause` is the driver's error.
 */
export class StoreUnavailableError extends StoreError {
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
