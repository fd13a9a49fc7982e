/**
 * Who is asking, and may they? Every server action and route handler calls `requireRole` where it
 * reads or writes. Roles: viewer (read), editor (queue, cancel, retry), admin (users, tokens).
 * The embedded default is the single-user local mode: the local user is an admin.
 */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  name: string;
  role: Role;
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

const LOCAL_USER: User = { id: 'local', name: 'local', role: 'admin' };

export async function currentUser(): Promise<User | null> {
  return LOCAL_USER;
}

/** The user, when signed in with at least `role`; else an AuthError (401 signed out, 403 too weak). */
export async function requireRole(role: Role): Promise<User> {
  const user = await currentUser();
  if (!user) throw new AuthError(401, 'sign in first');
  if (ROLES.indexOf(user.role) < ROLES.indexOf(role)) throw new AuthError(403, `this needs the ${role} role; ${user.name} is a ${user.role}`);
  return user;
}
