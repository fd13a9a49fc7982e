/**
 * Seeded random problems for the addon's recurrence kernels, and the forward / backward calls that
 * run one (allocating the outputs), for tests (not exported from the lib). Layouts as in
 * ../../native/rnn_kernels.h; a problem is also a ReferenceInputs & ReferenceUpstream, so the float64
 * reference runs on exactly the same values.
 */
import { Rng } from '@rnnlab/random';
import type { NativeAddon, NativeCell } from '../addon';
import { GATES } from './reference-bptt';

export interface KernelProblem {
  cell: NativeCell;
  T: number;
  B: number;
  H: number;
  /** [T*B, G*H] */
  xp: Float32Array;
  /** [B, H] */
  h0: Float32Array;
  /** [B, H], lstm only */
  c0: Float32Array | null;
  /** [H, G*H] */
  whh: Float32Array;
  /** [G*H] */
  bhh: Float32Array;
  /** [T*B] or null */
  mask: Float32Array | null;
  /** [T*B, H] upstream dL/dh_t */
  dhs: Float32Array;
  /** [B, H] upstream dL/dc_T, lstm only */
  dcT: Float32Array | null;
}

export interface ProblemOptions {
  /** right-padded sequences of random lengths, plus a hole (step 1 of sequence 1) */
  masked?: boolean;
  /** also a mask weight of 0.5 (row 0), as carry() in the tfjs cells allows */
  fractional?: boolean;
  seed?: number;
  /** scale of xp and W_hh: 3 drives the gates into saturation */
  scale?: number;
}

function randn(rng: Rng, n: number, std: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal(0, std);
  return a;
}

export function makeProblem(cell: NativeCell, T: number, B: number, H: number, opts: ProblemOptions = {}): KernelProblem {
  const rng = new Rng(opts.seed ?? 1);
  const scale = opts.scale ?? 1;
  const GH = GATES[cell] * H;
  const lstm = cell === 'lstm';
  let mask: Float32Array | null = null;
  if (opts.masked) {
    mask = new Float32Array(T * B); // [T*B]
    for (let b = 0; b < B; b++) {
      const length = 1 + rng.int(T);
      for (let t = 0; t < T; t++) mask[t * B + b] = t < length ? 1 : 0;
    }
    if (T > 2 && B > 1) mask[1 * B + 1] = 0;
    if (opts.fractional) mask[0] = 0.5;
  }
  return {
    cell,
    T,
    B,
    H,
    xp: randn(rng, T * B * GH, scale),
    h0: randn(rng, B * H, 0.5),
    c0: lstm ? randn(rng, B * H, 0.5) : null,
    whh: randn(rng, H * GH, scale / Math.sqrt(H)),
    bhh: randn(rng, GH, 0.3),
    mask,
    dhs: randn(rng, T * B * H, 1),
    dcT: lstm ? randn(rng, B * H, 1) : null,
  };
}

export interface NativeForwardResult {
  /** [T*B, H] */
  hs: Float32Array;
  /** [B, H] lstm, else null */
  cT: Float32Array | null;
  /** workspaceSize(cell, T, B, H) floats */
  ws: Float32Array;
}

export interface NativeGrads {
  dxp: Float32Array;
  dh0: Float32Array;
  dc0: Float32Array | null;
  dwhh: Float32Array;
  dbhh: Float32Array;
  dhNorms: Float32Array | Float64Array;
}

export function runForward(addon: NativeAddon, p: KernelProblem): NativeForwardResult {
  const { cell, T, B, H } = p;
  const hs = new Float32Array(T * B * H);
  const cT = cell === 'lstm' ? new Float32Array(B * H) : null;
  const ws = new Float32Array(addon.workspaceSize(cell, T, B, H));
  addon.forward(cell, T, B, H, p.xp, p.h0, p.c0, p.whh, p.bhh, p.mask, hs, cT, ws);
  return { hs, cT, ws };
}

/** dW_hh and db_hh start as NaN: the addon must overwrite them, not accumulate into them. */
export function runBackward(
  addon: NativeAddon,
  p: KernelProblem,
  f: NativeForwardResult,
  normsType: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array,
): NativeGrads {
  const { cell, T, B, H } = p;
  const GH = GATES[cell] * H;
  const g: NativeGrads = {
    dxp: new Float32Array(T * B * GH),
    dh0: new Float32Array(B * H),
    dc0: cell === 'lstm' ? new Float32Array(B * H) : null,
    dwhh: new Float32Array(H * GH).fill(Number.NaN),
    dbhh: new Float32Array(GH).fill(Number.NaN),
    dhNorms: new normsType(T),
  };
  addon.backward(cell, T, B, H, p.h0, p.c0, p.whh, p.bhh, p.mask, f.hs, f.ws, p.dhs, p.dcT, g.dxp, g.dh0, g.dc0, g.dwhh, g.dbhh, g.dhNorms);
  return g;
}

/** Every output of a forward and a backward, by name, for bitwise comparisons. */
export function runAll(addon: NativeAddon, p: KernelProblem): Record<string, Float32Array | Float64Array> {
  const f = runForward(addon, p);
  const g = runBackward(addon, p, f);
  const all = { hs: f.hs, cT: f.cT, ws: f.ws, ...g };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, Float32Array | Float64Array] => e[1] !== null));
}
