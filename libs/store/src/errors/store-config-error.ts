import { StoreError } from './store-error';

/**
 * The store is configured so that it can never work: a DATABASE_URL of an unknown form, a SQLite
 * path that cannot be opened, a PostgreSQL database that does not exist or refuses the credentials.
 * Unrecoverable: the message says what was received and what is allowed.
 */
export class StoreConfigError extends StoreError {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreConfigError';
  }
}
