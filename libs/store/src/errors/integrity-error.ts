import { StoreError } from './store-error';

/**
 * Stored bytes whose SHA-256 no longer matches the hash recorded when they were written (a
 * truncated write, a corrupted disk, a manual edit). Unrecoverable for this blob: the caller falls
 * back to an older copy (the previous checkpoint) or rebuilds it.
 */
export class IntegrityError extends StoreError {
  readonly retryable = false;
  constructor(
    message: string,
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super(message);
    this.name = 'IntegrityError';
  }
}
