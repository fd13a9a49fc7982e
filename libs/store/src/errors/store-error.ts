/**
 * The root of the store's errors. `retryable` tells a worker what to do with the job that hit it:
 * retry with backoff (the database was unreachable or busy) or fail it at once (nothing a retry
 * can fix: a bad DATABASE_URL, bad input, a corrupt checkpoint).
 */
export abstract class StoreError extends Error {
  abstract readonly retryable: boolean;
  get unrecoverable(): boolean {
    return !this.retryable;
  }
}
