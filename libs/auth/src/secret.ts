/**
 * The secret that signs session cookies: BETTER_AUTH_SECRET when set, else a random one generated on
 * first start into `$RNNLAB_HOME/auth-secret` (mode 0600) and read from there afterwards. Never a
 * built-in default: a secret in the repository would let anyone forge a session.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthConfigError } from './errors/auth-config-error';

export const SECRET_FILE = 'auth-secret';
/** better-auth's own minimum for a signing secret */
export const MIN_SECRET_LENGTH = 32;

export interface AuthSecret {
  secret: string;
  /** where it came from, for a log line: the variable, or the file it was read from or written to */
  source: 'BETTER_AUTH_SECRET' | { file: string; created: boolean };
}

/**
 * The signing secret for this installation.
 * @example const { secret } = loadOrCreateSecret(rnnlabHome());
 */
export function loadOrCreateSecret(home: string, env: NodeJS.ProcessEnv = process.env): AuthSecret {
  const fromEnv = env.BETTER_AUTH_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) throw new AuthConfigError(`BETTER_AUTH_SECRET has ${fromEnv.length} characters; use at least ${MIN_SECRET_LENGTH} (e.g. \`openssl rand -base64 32\`), or unset it to have one generated under RNNLAB_HOME`);
    return { secret: fromEnv, source: 'BETTER_AUTH_SECRET' };
  }
  const file = join(home, SECRET_FILE);
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new AuthConfigError(`cannot create RNNLAB_HOME ${home} for the auth secret (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): set RNNLAB_HOME or BETTER_AUTH_SECRET`, { cause: e });
  }
  // written whole to a private temporary file, then linked into place: a reader never sees half a
  // secret, and of two processes starting together only the first links (the other gets EEXIST)
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const generated = randomBytes(32).toString('base64url');
  try {
    writeFileSync(tmp, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    linkSync(tmp, file);
    return { secret: generated, source: { file, created: true } };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new AuthConfigError(`cannot write the auth secret ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): set BETTER_AUTH_SECRET or make RNNLAB_HOME writable`, { cause: e });
    return { secret: readSecretFile(file), source: { file, created: false } };
  } finally {
    rmSync(tmp, { force: true });
  }
}

function readSecretFile(file: string): string {
  // a file others may read is tightened rather than refused: the secret is only as safe as its mode
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) throw new AuthConfigError(`the auth secret ${file} holds ${secret.length} characters, fewer than ${MIN_SECRET_LENGTH}: delete it to have a new one generated (every session then ends), or set BETTER_AUTH_SECRET`);
  return secret;
}
