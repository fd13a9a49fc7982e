/**
 * Typed reads of the decoded JSON header. The checksum already vouches for the bytes, so a failure
 * here means a faulty writer; the message still names the field and what it held.
 */
import { preview } from '../batching/position';
import { DataError } from '../errors/data-error';

export type Fields = Record<string, unknown>;

export function objectAt(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return value as Fields;
}

export function arrayAt(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array', value);
  return value;
}

export function stringAt(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string', value);
  return value;
}

export function numberAt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a finite number', value);
  return value;
}

export function intAt(value: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    fail(path, `an integer in [${min}, ${max}]`, value);
  }
  return value as number;
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) fail(path, allowed.map((a) => JSON.stringify(a)).join(' | '), value);
  return value as T;
}

function fail(path: string, expected: string, got: unknown): never {
  throw new DataError(`corrupt header: expected ${path} to be ${expected}, got ${preview(got)}`);
}
