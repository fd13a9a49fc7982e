/**
 * JSON columns: stored as text in both dialects, parsed on the way out. Writing refuses what JSON
 * cannot represent faithfully (undefined, functions, cycles, bigint) with a StoreInputError; note
 * that JSON turns NaN and ±Infinity into null.
 */
import { fail } from './validate';

export function toJson(fn: string, arg: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    fail(fn, arg, `to be JSON-serializable (${(e as Error).message})`, typeof value);
  }
  if (text === undefined) fail(fn, arg, 'to be JSON-serializable', value);
  return text;
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function fromJsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
