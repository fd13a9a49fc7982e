import { IntegrityError } from './integrity-error';

/** A stored checkpoint whose bytes do not hash to the SHA-256 saved with them. */
export class CheckpointIntegrityError extends IntegrityError {
  constructor(
    readonly runId: string,
    readonly step: number,
    expectedSha256: string,
    actualSha256: string,
    bytes: { expected: number; actual: number },
  ) {
    super(
      `checkpoint of run "${runId}" at step ${step} is corrupt: ` +
        `sha256 ${actualSha256} (${bytes.actual} bytes), expected ${expectedSha256} (${bytes.expected} bytes)`,
      expectedSha256,
      actualSha256,
    );
    this.name = 'CheckpointIntegrityError';
  }
}
