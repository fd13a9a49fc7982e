/**
 * JSON with object keys in sorted order, so equal values always give equal text (and equal bytes
 * to hash), whatever order their objects were built in. Keys whose value is undefined are left
 * out, as JSON.stringify does; anything JSON cannot hold exactly (NaN, Infinity, undefined in an
 * array, functions, typed arrays, class instances) throws instead of being silently changed.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
import { DataError } from '../errors/data-error';

export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DataError(`cannot encode ${path}: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => write(v, `${path}[${i}]`)).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const rec = value as Record<string, unknown>;
    const keys = Object.keys(rec)
      .filter((k) => rec[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(rec[k], `${path}.${k}`)}`).join(',')}}`;
  }
  const what = typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  throw new DataError(`cannot encode ${path}: ${what} has no canonical JSON form`);
}
