import { describe, expect, it } from 'vitest';
import { DataError } from '../errors/data-error';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth, so build order does not matter', () => {
    const a = { b: 1, a: { y: [1, { d: 2, c: 3 }], x: 'é\n' } };
    const b = { a: { x: 'é\n', y: [1, { c: 3, d: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"x":"é\\n","y":[1,{"c":3,"d":2}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('parses back to an equal value; undefined keys are dropped like JSON.stringify does', () => {
    const v = { n: -1.5e-7, big: 2 ** 53, s: '\u{1F642}', t: true, z: null, u: undefined, arr: [] };
    const text = canonicalJson(v);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
    expect(text).not.toContain('"u"');
  });

  it('refuses values JSON would change', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(DataError);
    expect(() => canonicalJson({ a: { b: Infinity } })).toThrow(/\$\.a\.b: Infinity/);
    expect(() => canonicalJson([undefined])).toThrow(/\$\[0\]/);
    expect(() => canonicalJson({ ids: new Int32Array(2) })).toThrow(/\$\.ids: Int32Array has no/);
    expect(() => canonicalJson(new Map())).toThrow(/Map/);
  });
});
