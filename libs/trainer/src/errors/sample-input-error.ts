/**
 * Options or input that cannot work with this checkpoint (a beam for a language model, characters
 * the model never saw): unrecoverable, so the CLI exits 2 and nothing retries it.
 */
export class SampleInputError extends Error {
  readonly unrecoverable = true;
  constructor(message: string) {
    super(message);
    this.name = 'SampleInputError';
  }
}
