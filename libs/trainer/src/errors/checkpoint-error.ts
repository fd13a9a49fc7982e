/**
 * A checkpoint that cannot be used: missing, corrupt, not a checkpoint at all, or from another run.
 * Retrying cannot fix the file, so it is unrecoverable; the message names the file and the reason.
 */
export class CheckpointError extends Error {
  readonly unrecoverable = true;
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}
