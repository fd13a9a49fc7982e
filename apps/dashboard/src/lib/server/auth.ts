/**
 * Who is asking, and may they? Every server action and route handler calls `requireRole` where it
 * reads or writes, and every page's reads (lib/data.ts) call `requireRoleOrSignIn`. Roles: viewer
 * (read), editor (queue, cancel, retry), admin (users, tokens).
 *
 * Who is asking, in this order:
 * 1. `Authorization: Bearer rnl_…`: an API token carries its user's role; a wrong token is nobody.
 * 2. a better-auth session cookie (signed in on /sign-in).
 * 3. the single-user local mode, the embedded default: while no user exists and RNNLAB_AUTH is not
 *    `required`, a request addressed to a loopback host (127.0.0.1, localhost) is the local admin.
 *    Other Host names are refused, so a web page cannot borrow the local admin by DNS rebinding.
 */
import { cache } from 'react';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { authModeFromEnv, isLoopbackHost, roleAtLeast, ROLES, storedRole, type Role } from '@rnnlab/auth';
import { signInHref } from '../sign-in-path';
import { getAccounts } from './accounts';

export { ROLES, type Role };

export interface User {
  id: string;
  name: string;
  role: Role;
  /** how the request proved it: route handlers check Origin unless it is a token */
  via: 'local' | 'session' | 'token';
  email?: string;
}

export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

const LOCAL_USER: User = { id: 'local', name: 'local', role: 'admin', via: 'local' };

export interface AuthState {
  /** sign-in is needed: RNNLAB_AUTH=required, or a user exists */
  required: boolean;
  hasUsers: boolean;
  /** whether this request is addressed to a loopback host */
  loopback: boolean;
}

/** What the sign-in page explains: whether sign-in is on, and why a visitor may not be let in. */
export async function authState(): Promise<AuthState> {
  const h = await headers();
  const hasUsers = await (await getAccounts()).hasUsers();
  return { required: authModeFromEnv() === 'required' || hasUsers, hasUsers, loopback: isLoopbackHost(h.get('host')) };
}

/** The user making this request, or null (signed out, a wrong token, local mode off loopback). */
export const currentUser = cache(async (): Promise<User | null> => {
  const h = await headers();
  const accounts = await getAccounts();
  const byToken = await accounts.userForBearer(h.get('authorization'));
  if (byToken) return 'invalid' in byToken ? null : { id: byToken.id, name: byToken.name, email: byToken.email, role: byToken.role, via: 'token' };
  const session = await accounts.auth.api.getSession({ headers: h });
  if (session) return { id: session.user.id, name: session.user.name, email: session.user.email, role: storedRole(session.user.role), via: 'session' };
  if (authModeFromEnv() === 'auto' && !(await accounts.hasUsers()) && isLoopbackHost(h.get('host'))) return LOCAL_USER;
  return null;
});

/** The user, when signed in with at least `role`; else an AuthError (401 signed out, 403 too weak). */
export async function requireRole(role: Role): Promise<User> {
  const user = await currentUser();
  if (!user) throw new AuthError(401, 'sign in first');
  if (!roleAtLeast(user.role, role)) throw new AuthError(403, `this needs the ${role} role; ${user.name} is a ${user.role}`);
  return user;
}

/**
 * requireRole for pages: a signed-out visitor is sent to /sign-in (and back here afterwards), one
 * whose role is too weak gets the 403 page.
 */
export async function requireRoleOrSignIn(role: Role): Promise<User> {
  try {
    return await requireRole(role);
  } catch (e) {
    if (!(e instanceof AuthError)) throw e;
    if (e.status === 403) forbidden();
    // the page's own path, from proxy.ts
    redirect(signInHref((await headers()).get('x-rnnlab-path')));
  }
}
