/**
 * The flags of `rnnlab users`. Its roles are @rnnlab/auth's ROLES, written out rather than imported:
 * help is printed without loading that lib (and better-auth with it); users-args.spec.ts keeps the
 * two lists equal.
 */
import type { FlagSpec } from './args';

export const USER_ROLES = ['viewer', 'editor', 'admin'] as const;

export const USERS_FLAGS: readonly FlagSpec[] = [
  { name: 'role', kind: 'enum', values: USER_ROLES, help: 'users add: viewer (reads), editor (also queues, cancels, retries), admin (also users and tokens); the first user must be an admin' },
  { name: 'name', kind: 'string', arg: 'NAME', help: "users add: the name shown in the dashboard (default: the part of the email before @); users token: what the token is for" },
  { name: 'json', kind: 'bool', help: 'machine-readable output' },
  { name: 'help', kind: 'bool', help: 'show this help' },
];
