import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter';

describe('LoginLimiter', () => {
  const opts = { maxFailures: 3, windowMs: 60_000 };

  it('locks an account after maxFailures failures until the window since the first has passed', () => {
    const l = new LoginLimiter(opts);
    const t0 = 1_000_000;
    for (let i = 0; i < 2; i++) l.failed('ada', t0 + i);
    expect(l.retryAfter('ada', t0 + 10)).toBeNull();
    l.failed('ada', t0 + 20);
    expect(l.retryAfter('ada', t0 + 30)).toBe(60);
    expect(l.retryAfter('ada', t0 + 59_500)).toBe(1);
    expect(l.retryAfter('ada', t0 + 60_000)).toBeNull();
    // other accounts are not affected
    expect(l.retryAfter('eve', t0 + 30)).toBeNull();
  });

  it('forgets an account on success, and starts a new window after an old one', () => {
    const l = new LoginLimiter(opts);
    l.failed('ada', 0);
    l.failed('ada', 1);
    l.succeeded('ada');
    l.failed('ada', 2);
    l.failed('ada', 3);
    expect(l.retryAfter('ada', 4)).toBeNull();
    l.failed('ada', 70_000);
    expect(l.retryAfter('ada', 70_001)).toBeNull();
  });

  it('stays bounded: the oldest account goes first', () => {
    const l = new LoginLimiter({ ...opts, maxKeys: 2 });
    for (const k of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) l.failed(k, 10);
    expect([l.retryAfter('a', 11), l.retryAfter('b', 11), l.retryAfter('c', 11)]).toEqual([null, 60, 60]);
  });
});
