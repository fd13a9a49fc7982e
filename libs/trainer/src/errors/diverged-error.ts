/**
 * The loss became NaN or infinite: the run cannot recover by itself (a retry would diverge again),
 * so it is marked unrecoverable; the message says what to change.
 */
export class DivergedError extends Error {
  readonly unrecoverable = true;
  constructor(
    readonly step: number,
    readonly loss: number,
  ) {
    super(`training diverged at step ${step} (loss ${loss}): lower --lr, or clip gradients with --clip 1`);
    this.name = 'DivergedError';
  }
}
