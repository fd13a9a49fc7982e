import { describe, expect, it } from 'vitest';
import { safeNext, signInHref } from './sign-in-path';

describe('safeNext', () => {
  it('keeps a path of this dashboard, with its query', () => {
    expect(safeNext('/runs?status=failed&cell=rnn')).toBe('/runs?status=failed&cell=rnn');
    expect(safeNext('/experiments/x-0123456789abcdef')).toBe('/experiments/x-0123456789abcdef');
  });

  it('refuses anything that could leave the dashboard, or is not a path', () => {
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'runs', '', null, undefined, '/a b', `/${'x'.repeat(2001)}`]) {
      expect([bad, safeNext(bad)]).toEqual([bad, '/']);
    }
  });
});

describe('signInHref', () => {
  it('carries the page to come back to, and nothing for the home page', () => {
    expect(signInHref('/runs?status=failed')).toBe('/sign-in?next=%2Fruns%3Fstatus%3Dfailed');
    expect(signInHref('/')).toBe('/sign-in');
    expect(signInHref('//evil.example')).toBe('/sign-in');
  });
});
