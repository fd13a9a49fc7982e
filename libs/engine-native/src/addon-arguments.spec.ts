/**
 * The addon's argument checks: every bad shape, type, dimension or aliasing throws a JS Error naming
 * the argument, the function and what was received (a TypeError for a wrong kind of value, an Error
 * for a wrong length or size), writes nothing, and leaves the addon working. native-engine.spec.ts
 * holds the first four cases (xp too short, an unknown cell, a plain Array, sgemm's A too short).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { NativeAddon } from './addon';
import { addonUnderTest, requireAddon } from './testing/addon-under-test';
import { sameBits } from './testing/array-compare';
import { makeProblem, runForward } from './testing/kernel-problem';

const { skip, label } = addonUnderTest();

// an lstm problem: G*H = 32, T*B*G*H = 256, workspace 6*T*B*H = 384
const T = 4;
const B = 2;
const H = 8;
const p = makeProblem('lstm', T, B, H, { seed: 5 });
const f32 = (n: number) => new Float32Array(n);
// outputs the calls below write to when valid: every rejected call must leave them as they were
const hs = f32(T * B * H);
const cT = f32(B * H);
const ws = f32(6 * T * B * H);
const dxp = f32(T * B * 4 * H);
const dh0 = f32(B * H);
const dc0 = f32(B * H);
const dwhh = f32(H * 4 * H);
const dbhh = f32(4 * H);
const C = f32(4);
const OUTPUTS = [hs, cT, ws, dxp, dh0, dc0, dwhh, dbhh, C];

const FORWARD = ['cell', 'T', 'B', 'H', 'xp', 'h0', 'c0', 'whh', 'bhh', 'mask', 'hs', 'cT', 'ws'] as const;
const forwardBase: Record<(typeof FORWARD)[number], unknown> = {
  cell: 'lstm', T, B, H, xp: p.xp, h0: p.h0, c0: p.c0, whh: p.whh, bhh: p.bhh, mask: null, hs, cT, ws,
};
const BACKWARD = ['cell', 'T', 'B', 'H', 'h0', 'c0', 'whh', 'bhh', 'mask', 'hs', 'ws', 'dhs', 'dcT', 'dxp', 'dh0', 'dc0', 'dwhh', 'dbhh', 'dhNorms'] as const;
const backwardBase: Record<(typeof BACKWARD)[number], unknown> = {
  cell: 'lstm', T, B, H, h0: p.h0, c0: p.c0, whh: p.whh, bhh: p.bhh, mask: null, hs: f32(T * B * H), ws: f32(6 * T * B * H),
  dhs: p.dhs, dcT: p.dcT, dxp, dh0, dc0, dwhh, dbhh, dhNorms: null,
};
const gru = makeProblem('gru_after', T, B, H, { seed: 6 });
const A = f32(6);
const Bm = f32(6);

interface BadCall {
  what: string;
  /** the addon function and its arguments, any types */
  call: [keyof NativeAddon, unknown[]];
  message: RegExp;
  kind: typeof Error | typeof TypeError;
}

const forward = (over: Partial<typeof forwardBase>): BadCall['call'] => ['forward', FORWARD.map((k) => (k in over ? over[k] : forwardBase[k]))];
const backward = (over: Partial<typeof backwardBase>): BadCall['call'] => ['backward', BACKWARD.map((k) => (k in over ? over[k] : backwardBase[k]))];

const BAD_CALLS: BadCall[] = [
  { what: 'xp too long', call: forward({ xp: f32(257) }), message: /expected xp of length T\*B\*G\*H = 256, got 257 in forward\(\)/, kind: Error },
  { what: 'xp a Float64Array', call: forward({ xp: new Float64Array(256) }), message: /expected xp to be a Float32Array, got Float64Array in forward\(\)/, kind: TypeError },
  { what: 'xp an ArrayBuffer', call: forward({ xp: p.xp.buffer }), message: /expected xp to be a Float32Array, got ArrayBuffer in forward\(\)/, kind: TypeError },
  { what: 'h0 null', call: forward({ h0: null }), message: /expected h0 to be a Float32Array, got null in forward\(\)/, kind: TypeError },
  { what: 'lstm c0 null', call: forward({ c0: null }), message: /expected c0 to be a Float32Array, got null in forward\(\)/, kind: TypeError },
  { what: 'whh of [H, H]', call: forward({ whh: f32(H * H) }), message: /expected whh of length H\*G\*H = 256, got 64 in forward\(\)/, kind: Error },
  { what: 'bhh of [H]', call: forward({ bhh: f32(H) }), message: /expected bhh of length G\*H = 32, got 8 in forward\(\)/, kind: Error },
  { what: 'mask too long', call: forward({ mask: f32(T * B + 1) }), message: /expected mask of length T\*B = 8, got 9 in forward\(\)/, kind: Error },
  { what: 'mask a Uint8Array', call: forward({ mask: new Uint8Array(T * B) }), message: /expected mask to be a Float32Array or null, got Uint8Array in forward\(\)/, kind: TypeError },
  { what: 'ws too short', call: forward({ ws: f32(383) }), message: /expected ws of length workspaceSize\('lstm', T, B, H\) = 6\*T\*B\*H = 384, got 383 in forward\(\)/, kind: Error },
  { what: 'cell a number', call: forward({ cell: 3 }), message: /expected cell to be a string, got number 3 in forward\(\)/, kind: TypeError },
  { what: 'T = 0', call: forward({ T: 0 }), message: /expected T to be a positive integer .*got 0 in forward\(\)/, kind: Error },
  { what: 'B < 0', call: forward({ B: -2 }), message: /expected B to be a positive integer .*got -2 in forward\(\)/, kind: Error },
  { what: 'H fractional', call: forward({ H: 2.5 }), message: /expected H to be a positive integer .*got 2\.5 in forward\(\)/, kind: TypeError },
  { what: 'H NaN', call: forward({ H: Number.NaN }), message: /expected H to be a positive integer .*got nan in forward\(\)/i, kind: TypeError },
  { what: 'T a string', call: forward({ T: '4' }), message: /expected T to be a number, got string in forward\(\)/, kind: TypeError },
  { what: 'T = 2^31', call: forward({ T: 2 ** 31 }), message: /expected T to be a positive integer .*in forward\(\)/, kind: Error },
  { what: 'T*B beyond 2^31', call: forward({ T: 65536, B: 65536, H: 1 }), message: /dimensions too large: T\*B = 4294967296 exceeds 2\^31-1 in forward\(\)/, kind: Error },
  { what: 'arguments missing', call: ['forward', ['lstm', T, B, H]], message: /expected xp to be a Float32Array, got undefined in forward\(\)/, kind: TypeError },
  { what: 'no arguments', call: ['forward', []], message: /expected cell to be a string, got undefined in forward\(\)/, kind: TypeError },
  { what: 'hs aliasing xp', call: forward({ hs: p.xp.subarray(0, T * B * H) }), message: /output hs overlaps input xp .*in forward\(\)/, kind: Error },
  { what: 'cT aliasing hs', call: forward({ cT: hs.subarray(0, B * H) }), message: /output (cT overlaps output hs|hs overlaps output cT) .*in forward\(\)/, kind: Error },
  {
    what: 'a GRU given c0',
    call: ['forward', ['gru_after', T, B, H, gru.xp, gru.h0, gru.h0, gru.whh, gru.bhh, null, hs, null, f32(4 * T * B * H)]],
    message: /expected c0 to be null \(only lstm has a cell state\), got Float32Array in forward\(\)/,
    kind: TypeError,
  },
  { what: 'dhs too short', call: backward({ dhs: f32(1) }), message: /expected dhs of length T\*B\*H = 64, got 1 in backward\(\)/, kind: Error },
  { what: 'lstm dcT null', call: backward({ dcT: null }), message: /expected dcT to be a Float32Array, got null in backward\(\)/, kind: TypeError },
  { what: 'dhNorms of T + 1', call: backward({ dhNorms: f32(T + 1) }), message: /expected dhNorms of length T = 4, got 5 in backward\(\)/, kind: Error },
  {
    what: 'dhNorms an Int32Array',
    call: backward({ dhNorms: new Int32Array(T) }),
    message: /expected dhNorms to be a Float32Array, a Float64Array or null, got Int32Array in backward\(\)/,
    kind: TypeError,
  },
  { what: 'dwhh aliasing whh', call: backward({ dwhh: p.whh }), message: /output dwhh overlaps input whh .*in backward\(\)/, kind: Error },
  { what: 'dh0 aliasing dxp', call: backward({ dh0: dxp.subarray(3, 3 + B * H) }), message: /output (dxp overlaps output dh0|dh0 overlaps output dxp) .*in backward\(\)/, kind: Error },
  { what: 'backward ws too long', call: backward({ ws: f32(388) }), message: /expected ws of length .* = 384, got 388 in backward\(\)/, kind: Error },
  { what: 'workspaceSize of an unknown cell', call: ['workspaceSize', ['gru', 1, 1, 1]], message: /unknown cell 'gru' .*in workspaceSize\(\)/, kind: TypeError },
  { what: 'workspaceSize with B = 0', call: ['workspaceSize', ['rnn_tanh', 1, 0, 1]], message: /expected B to be a positive integer .*in workspaceSize\(\)/, kind: Error },
  { what: 'sgemm lda < K', call: ['sgemm', [false, false, 2, 2, 3, 1, A, 2, Bm, 2, 0, C, 2]], message: /expected lda >= K = 3 .*in sgemm\(\)/, kind: Error },
  { what: 'sgemm transA a number', call: ['sgemm', [0, false, 2, 2, 3, 1, A, 3, Bm, 2, 0, C, 2]], message: /expected transA to be a boolean, got number 0 in sgemm\(\)/, kind: TypeError },
  { what: 'sgemm C aliasing A', call: ['sgemm', [false, false, 2, 2, 3, 1, A, 3, Bm, 2, 0, A.subarray(0, 4), 2]], message: /output C overlaps input A .*in sgemm\(\)/, kind: Error },
  { what: 'sgemm M < 0', call: ['sgemm', [false, false, -1, 2, 3, 1, A, 3, Bm, 2, 0, C, 2]], message: /expected M to be a non-negative integer.* in sgemm\(\)/, kind: Error },
  { what: 'setThreads(0)', call: ['setThreads', [0]], message: /expected n to be a positive integer .*in setThreads\(\)/, kind: Error },
  { what: "setThreads('2')", call: ['setThreads', ['2']], message: /expected n to be a number, got string in setThreads\(\)/, kind: TypeError },
  { what: "_setSimd('sse')", call: ['_setSimd', ['sse']], message: /unknown level 'sse' .*in _setSimd\(\)/, kind: TypeError },
];

describe.skipIf(skip)(label, () => {
  let native: NativeAddon;
  let before: Float32Array;
  beforeAll(() => {
    native = requireAddon();
    before = runForward(native, p).hs;
  });

  for (const bad of BAD_CALLS) {
    it(`rejects ${bad.what} with a ${bad.kind.name} saying what it got, and writes nothing`, () => {
      for (const o of OUTPUTS) o.fill(Number.NaN);
      const [name, args] = bad.call;
      let error: unknown = null;
      try {
        Reflect.apply(native[name] as (...a: unknown[]) => unknown, native, args);
      } catch (e) {
        error = e;
      }
      expect(error, 'did not throw').toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(bad.message);
      expect((error as Error).constructor).toBe(bad.kind);
      expect(OUTPUTS.every((o) => o.every(Number.isNaN)), 'outputs untouched').toBe(true);
    });
  }

  it('takes undefined for a null argument (a GRU with c0, mask and cT undefined)', () => {
    const run = (none: null | undefined) => {
      const out = f32(T * B * H);
      native.forward('gru_after', T, B, H, gru.xp, gru.h0, none as null, gru.whh, gru.bhh, none as null, out, none as null, f32(4 * T * B * H));
      return out;
    };
    const withNull = run(null);
    expect(sameBits(run(undefined), withNull)).toBe(true);
    expect(withNull.some((x) => x !== 0)).toBe(true);
  });

  it('still gives bitwise the same results after all the rejected calls', () => {
    expect(sameBits(runForward(native, p).hs, before)).toBe(true);
  });
});
