/**
 * A model file that cannot be loaded: wrong format or version, malformed JSON, missing or misshapen
 * weights. The same file fails the same way every time, so nothing should retry it (workers map it
 * to an unrecoverable failure). `issues` lists every problem found, each naming its field.
 */
export class ModelFileError extends Error {
  /** marker for job runners: retrying cannot help */
  readonly unrecoverable = true;
  readonly issues: string[];

  constructor(where: string, issues: string[], options?: { cause?: unknown }) {
    super(issues.length === 1 ? `${where}: ${issues[0]}` : `${where}:\n  ${issues.join('\n  ')}`, options);
    this.name = 'ModelFileError';
    this.issues = issues;
  }
}
