/**
 * The dashboard's roles, weakest first: a viewer reads, an editor also queues, cancels and retries
 * runs, an admin also manages users and API tokens. A role grants everything the weaker ones do.
 */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` grants what `needed` does. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * The role stored on a user row, as one of ROLES. Anything else (a row edited by hand, a role a
 * newer version wrote) is read as the weakest role rather than refused or trusted.
 */
export function storedRole(value: unknown): Role {
  return isRole(value) ? value : 'viewer';
}
