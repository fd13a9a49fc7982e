import { describe, expect, it } from 'vitest';
import { isRole, roleAtLeast, ROLES, storedRole } from './roles';

describe('roles', () => {
  it('rank viewer < editor < admin: each grants what the weaker ones do', () => {
    const table = ROLES.map((have) => ROLES.map((need) => roleAtLeast(have, need)));
    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
  });

  it('read an unknown stored role as the weakest, never as a stronger one', () => {
    expect(storedRole('editor')).toBe('editor');
    for (const v of ['user', 'Admin', 'admin,editor', '', null, undefined, 3]) expect(storedRole(v)).toBe('viewer');
    expect(isRole('admin')).toBe(true);
    expect(isRole('__proto__')).toBe(false);
  });
});
