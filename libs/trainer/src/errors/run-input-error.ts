/**
 * A run that cannot start as asked: it would not fit in memory, its checkpoint location is not
 * writable, or a resume asks to change what the checkpoint fixed. Unrecoverable (a retry fails the
 * same way). `fields` names the config paths at fault (`model.hidden`), so a CLI can name its flags.
 */
export class RunInputError extends Error {
  readonly unrecoverable = true;
  constructor(
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
    this.name = 'RunInputError';
  }
}
