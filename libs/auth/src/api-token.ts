/**
 * API tokens for scripts: `rnl_` and 43 base64url characters (32 random bytes). Only the SHA-256 of a
 * token is stored, so the database never holds a usable token; a token is shown once, when made.
 * A high-entropy secret needs no slow hash: looking it up by its SHA-256 is as safe as comparing.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'rnl_';
export const TOKEN_PATTERN = /^rnl_[A-Za-z0-9_-]{43}$/;
/** what a token list shows of each token: enough to tell them apart, nothing to use */
export const TOKEN_START_LENGTH = 10;

export function generateApiToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The token of an `Authorization: Bearer <token>` header; null when the header is absent or is not
 * a bearer header, '' when it is one but does not hold a well-formed token (a wrong token, refused
 * without a database lookup).
 */
export function bearerToken(authorization: string | null | undefined): string | null {
  if (!authorization) return null;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  if (!m) return /^Bearer\b/i.test(authorization) ? '' : null;
  return TOKEN_PATTERN.test(m[1]) ? m[1] : '';
}
