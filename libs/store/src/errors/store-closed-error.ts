import { StoreError } from './store-error';

/** A call on a store after `close()`: a programming error, never retried. */
export class StoreClosedError extends StoreError {
  readonly retryable = false;
  constructor(method: string, location: string) {
    super(`${method}() called on a closed store (${location})`);
    this.name = 'StoreClosedError';
  }
}
