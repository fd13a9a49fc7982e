import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = new Rng(1), b = new Rng(1), c = new Rng(2);
    const xa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xa);
  });
  it('restores its state exactly, including the cached normal', () => {
    const a = new Rng(7);
    a.normal();
    const st = a.getState();
    const x = [a.normal(), a.next(), a.int(10)];
    expect([Rng.fromState(st).normal(), 0, 0].slice(0, 1)).toEqual(x.slice(0, 1));
    const r = Rng.fromState(st);
    expect([r.normal(), r.next(), r.int(10)]).toEqual(x);
  });
  it('has roughly the right moments', () => {
    const r = new Rng(3);
    let s = 0, s2 = 0, u = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) { const v = r.normal(); s += v; s2 += v * v; u += r.next(); }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
    expect(Math.abs(u / n - 0.5)).toBeLessThan(0.01);
  });
  it('forks independent, reproducible streams', () => {
    const a = new Rng(5).fork('data'), b = new Rng(5).fork('data'), c = new Rng(5).fork('init');
    expect(a.next()).toBe(b.next());
    expect(new Rng(5).fork('data').next()).not.toBe(c.next());
  });
});
