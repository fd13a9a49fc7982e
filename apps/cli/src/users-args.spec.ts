import { describe, expect, it } from 'vitest';
import { ROLES } from '@rnnlab/auth';
import { parseFlags, UsageError } from './args';
import { USER_ROLES, USERS_FLAGS } from './users-args';

describe('rnnlab users flags', () => {
  it("offers exactly @rnnlab/auth's roles", () => {
    expect([...USER_ROLES]).toEqual([...ROLES]);
  });

  it('parses a subcommand, its arguments and a role, and refuses an unknown role naming the allowed ones', () => {
    expect(parseFlags(['add', 'ada@example.org', '--role', 'admin'], USERS_FLAGS, { positionals: true })).toEqual({ values: { role: 'admin' }, positionals: ['add', 'ada@example.org'] });
    expect(() => parseFlags(['add', 'a@b.c', '--role', 'owner'], USERS_FLAGS, { positionals: true })).toThrow(UsageError);
    expect(() => parseFlags(['add', 'a@b.c', '--role', 'owner'], USERS_FLAGS, { positionals: true })).toThrow(/viewer.*editor.*admin/);
  });
});
