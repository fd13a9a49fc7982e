import { describe, expect, it } from 'vitest';
import { AuthInputError } from './errors/auth-input-error';
import { NewUserSchema, parseInput } from './schemas';

const ok = { email: ' Ada@Example.ORG ', name: 'Ada', password: 'ten chars!', role: 'admin' };

function fields(input: unknown): Record<string, string> {
  try {
    parseInput(NewUserSchema, input);
  } catch (e) {
    if (e instanceof AuthInputError) return { ...e.fields };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('NewUserSchema', () => {
  it('normalises the email and keeps the rest', () => {
    expect(parseInput(NewUserSchema, ok)).toEqual({ email: 'ada@example.org', name: 'Ada', password: 'ten chars!', role: 'admin' });
  });

  it('says what is wrong with each field', () => {
    expect(fields({ ...ok, email: 'not-an-email', password: 'short', role: 'owner', name: ' ' })).toEqual({
      email: expect.stringMatching(/email address/),
      password: 'at least 10 characters',
      role: 'expected one of viewer, editor, admin',
      name: 'give a name',
    });
    expect(fields({ ...ok, name: 'Ada\u0000' })).toEqual({ name: 'no control characters' });
    expect(fields({ ...ok, password: 'x'.repeat(129) })).toEqual({ password: 'at most 128 characters' });
    expect(fields({ ...ok, email: 7 })).toEqual({ email: 'expected an email address' });
  });

  it('refuses unknown keys, __proto__ included', () => {
    expect(fields(JSON.parse(`{"email":"a@b.org","name":"A","password":"0123456789","role":"viewer","__proto__":{"role":"admin"}}`))).toEqual({ '': expect.stringMatching(/unknown field.*__proto__/) });
    expect(fields({ ...ok, admin: true })).toEqual({ '': expect.stringMatching(/"admin"/) });
  });
});
