/**
 * Failed sign-ins per account. better-auth's rate limiter counts requests per client address, and
 * the address comes from X-Forwarded-For, which a client talking to the server directly can set to
 * anything; so a guesser rotating that header is also held back here, by the account it guesses at.
 * After `maxFailures` failures within `windowMs` the account refuses sign-in (even with the right
 * password) until the window since the first of them has passed; a success clears its count.
 * In memory, per process, and bounded: the oldest entries go first when `maxKeys` is reached.
 */
export interface LoginLimiterOptions {
  maxFailures: number;
  windowMs: number;
  maxKeys?: number;
}

interface Entry {
  failures: number;
  since: number;
}

export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly maxKeys: number;

  constructor(private readonly options: LoginLimiterOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** null when `key` may try now, else the seconds until it may */
  retryAfter(key: string, now = Date.now()): number | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (now - e.since >= this.options.windowMs) {
      this.entries.delete(key);
      return null;
    }
    return e.failures >= this.options.maxFailures ? Math.max(1, Math.ceil((e.since + this.options.windowMs - now) / 1000)) : null;
  }

  failed(key: string, now = Date.now()): void {
    const e = this.entries.get(key);
    if (e && now - e.since < this.options.windowMs) {
      e.failures += 1;
      return;
    }
    this.entries.delete(key);
    if (this.entries.size >= this.maxKeys) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { failures: 1, since: now });
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }
}
