/**
 * Authentication is configured so that it cannot work: an RNNLAB_AUTH value that is not one of the
 * modes, a BETTER_AUTH_SECRET too short to sign sessions, a secret file that cannot be written.
 * The message names the setting, what it held and what is allowed.
 */
export class AuthConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuthConfigError';
  }
}
