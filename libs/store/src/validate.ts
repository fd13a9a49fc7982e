/**
 * Argument checks at the repository boundary. Each names the function, the argument and the value
 * received (`expected runId to match /^[A-Za-z0-9]…$/ in getRun(), got "../x"`) and throws a
 * StoreInputError, so a worker fails the job instead of retrying it. Messages are built only on failure.
 */
import { StoreInputError } from './errors/store-input-error';

/** Run and experiment ids: they appear in URLs and job ids, so a conservative alphabet. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function show(value: unknown): string {
  let s: string;
  if (typeof value === 'string') s = JSON.stringify(value);
  else if (typeof value === 'bigint') s = `${value}n`;
  else if (value instanceof Uint8Array) s = `${value.constructor.name}(${value.byteLength})`;
  else if (typeof value === 'number' || typeof value === 'boolean' || value == null) s = String(value);
  else {
    try {
      s = JSON.stringify(value) ?? typeof value;
    } catch {
      s = typeof value;
    }
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

export function fail(fn: string, arg: string, expected: string, value: unknown): never {
  throw new StoreInputError(`expected ${arg} ${expected} in ${fn}(), got ${show(value)}`);
}

/** A string matching `pattern` (anchored by the caller: `^…$`). */
export function checkMatch(fn: string, arg: string, value: unknown, pattern: RegExp): string {
  if (typeof value !== 'string' || !pattern.test(value)) fail(fn, arg, `to match ${pattern}`, value);
  return value;
}

export function checkId(fn: string, arg: string, value: unknown): string {
  return checkMatch(fn, arg, value, ID_PATTERN);
}

/** A non-empty string of at most `max` characters without NUL (PostgreSQL text cannot hold NUL). */
export function checkText(fn: string, arg: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || value.includes('\0')) {
    fail(fn, arg, `to be a non-empty string of at most ${max} characters without NUL`, value);
  }
  return value;
}

export function checkOptionalText(fn: string, arg: string, value: unknown, max: number): string | null {
  return value === undefined || value === null ? null : checkText(fn, arg, value, max);
}

export function checkInt(fn: string, arg: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(fn, arg, `to be an integer from ${min} to ${max}`, value);
  }
  return value;
}

export function checkOneOf<T extends string>(fn: string, arg: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(fn, arg, `to be one of ${allowed.join('|')}`, value);
  }
  return value as T;
}

/**
 * A filter value: one of `allowed`, or a list of them (deduplicated; `[]` matches nothing).
 * List items are named by index: `cell[1]`.
 */
export function checkOneOrMany<T extends string>(fn: string, arg: string, value: unknown, allowed: readonly T[]): T[] {
  if (typeof value === 'string') return [checkOneOf(fn, arg, value, allowed)];
  if (!Array.isArray(value)) fail(fn, arg, `to be one of ${allowed.join('|')} or a list of them`, value);
  return [...new Set(value.map((v, i) => checkOneOf(fn, `${arg}[${i}]`, v, allowed)))];
}

/** Page bounds for list queries: `limit` defaults to `def` and is capped, `offset` defaults to 0. */
export function checkPage(fn: string, page: { limit?: number; offset?: number } | undefined, def = 100, max = 1000): { limit: number; offset: number } {
  return {
    limit: page?.limit === undefined ? def : checkInt(fn, 'limit', page.limit, 1, max),
    offset: page?.offset === undefined ? 0 : checkInt(fn, 'offset', page.offset, 0),
  };
}
