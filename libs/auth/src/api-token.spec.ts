import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearerToken, generateApiToken, hashApiToken, TOKEN_PATTERN } from './api-token';

describe('API tokens', () => {
  it('are rnl_ and 32 random bytes, different every time', () => {
    const a = generateApiToken();
    expect(a).toMatch(TOKEN_PATTERN);
    expect(new Set(Array.from({ length: 100 }, generateApiToken)).size).toBe(100);
  });

  it('are stored as their SHA-256, never as themselves', () => {
    const t = generateApiToken();
    expect(hashApiToken(t)).toBe(createHash('sha256').update(t).digest('hex'));
    expect(hashApiToken(t)).not.toContain(t.slice(4));
  });

  it('are read from a Bearer header; a malformed one is told apart from none', () => {
    const t = generateApiToken();
    expect(bearerToken(`Bearer ${t}`)).toBe(t);
    expect(bearerToken(`bearer  ${t} `)).toBe(t);
    expect(bearerToken(null)).toBeNull();
    expect(bearerToken('Basic YTpi')).toBeNull();
    for (const bad of ['Bearer', 'Bearer abc', `Bearer ${t}x`, `Bearer ${t} extra`, `Bearer rnl_${'!'.repeat(43)}`]) expect([bad, bearerToken(bad)]).toEqual([bad, '']);
  });
});
