/**
 * A request to change users or tokens that cannot be done as asked: a field that does not parse,
 * an email already taken, the last admin demoted. `fields` holds one message per form field
 * ('' for the request as a whole), for a form or a 400 body; nothing was written.
 */
export class AuthInputError extends Error {
  constructor(readonly fields: Readonly<Record<string, string>>) {
    super(Object.entries(fields).map(([k, m]) => (k ? `${k}: ${m}` : m)).join('; '));
    this.name = 'AuthInputError';
  }
}
