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
    /**
     * true when the cause is this machine (the memory available here), so another machine may
     * run it: a worker then leaves the run to others instead of failing it
     */
    readonly local = false,
  ) {
    super(message);
    this.name = 'RunInputError';
  }
}
