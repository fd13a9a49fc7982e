/**
 * The addon's fused recurrence kernels (forward and BPTT of every cell) against the float64
 * reference of the same equations (./testing/reference-bptt.ts), on every SIMD build this CPU can
 * run, with 1 and 2 threads; typed-array views into a WebAssembly.Memory; and bitwise reproducibility
 * (the same call twice, 1 vs 2 threads, the AVX2 vs the AVX-512 build). The PyTorch fixtures are
 * checked in native-engine.spec.ts; speed is measured by `rnnlab bench`, never here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NativeAddon, NativeCell, SimdLevel } from './addon';
import { addonUnderTest, forceSimd, requireAddon, restoreBestSimd, SIMD_LEVELS, supportedSimdLevels } from './testing/addon-under-test';
import { differingBits, relativeError, scaledAbsError } from './testing/array-compare';
import { makeProblem, runAll, runBackward, runForward, type KernelProblem } from './testing/kernel-problem';
import { CELLS, referenceBackward, referenceForward, type ReferenceForward, type ReferenceGrads } from './testing/reference-bptt';

const { addon, skip, label } = addonUnderTest();
const supported = supportedSimdLevels(addon);

/** [T, B, H]: tails of the 16-wide column blocks and the 8-row batch blocks, several chunks, many rows. */
const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [3, 3, 5], // masked: with a fractional step
  [4, 13, 13], // two row blocks (8 + 5), a column tail
  [3, 4, 64], // no tails
  [3, 13, 130], // two chunks of hidden units: 2 threads split the work on every build
  [2, 150, 37], // T*B = 300 > 256 rows: the weight gradient in blocks
];
/** 1: moderate pre-activations; 3: saturated gates (and large ReLU states) */
const SCALES = [1, 3];

const OUTPUT_TOLERANCE = 1e-5;
const GRADIENT_TOLERANCE = 1e-4;

interface Case {
  p: KernelProblem;
  ref: { f: ReferenceForward; g: ReferenceGrads };
}

/** Problems and their float64 references, each computed once for every build and thread count. */
const cases = new Map<string, Case>();
function referenceCase(cell: NativeCell, masked: boolean, [T, B, H]: [number, number, number], scale: number): Case {
  const key = `${cell} ${masked} ${T} ${B} ${H} ${scale}`;
  let c = cases.get(key);
  if (!c) {
    const p = makeProblem(cell, T, B, H, { masked, fractional: masked && H === 5, seed: T * 1000 + B * 100 + H + scale, scale });
    const f = referenceForward(p);
    c = { p, ref: { f, g: referenceBackward(p, f, p) } };
    cases.set(key, c);
  }
  return c;
}

describe.skipIf(skip)(label, () => {
  let native: NativeAddon;
  let initialThreads = 1;
  beforeAll(() => {
    native = requireAddon();
    initialThreads = native.getThreads();
  });
  afterAll(() => {
    native?.setThreads(initialThreads);
    restoreBestSimd(native);
  });

  it('has the _setSimd testing hook, which info().simd follows, and supports at least the baseline build', () => {
    expect(typeof native._setSimd, '_setSimd').toBe('function');
    expect([...supported], 'levels _setSimd accepts').toContain('baseline');
    try {
      for (const level of supported) {
        expect(forceSimd(native, level)).toBe(level);
        expect(native.info().simd).toBe(level);
      }
    } finally {
      restoreBestSimd(native);
    }
  });

  for (const level of SIMD_LEVELS) {
    const can = supported.has(level);
    describe.skipIf(!can)(`${level} build${can ? '' : ' (not supported by this CPU: skipped)'}`, () => {
      beforeAll(() => {
        forceSimd(native, level);
      });
      afterAll(() => restoreBestSimd(native));
      for (const threads of [1, 2]) {
        describe(`${threads} thread${threads > 1 ? 's' : ''}`, () => {
          beforeAll(() => native.setThreads(threads));
          for (const cell of CELLS) {
            for (const masked of [false, true]) {
              for (const size of SIZES) {
                it(`${cell}${masked ? ', masked' : ''}, T=${size[0]} B=${size[1]} H=${size[2]}: matches the float64 reference`, () => {
                  expect(native.info().simd).toBe(level);
                  for (const scale of SCALES) expectReferenceMatch(native, referenceCase(cell, masked, size, scale), scale);
                });
              }
            }
          }
        });
      }
    });
  }

  describe('typed-array views with a byteOffset into a WebAssembly.Memory', () => {
    beforeAll(() => native.setThreads(1));
    for (const cell of CELLS) {
      for (const [T, B, H] of [[5, 3, 7], [3, 13, 37]]) {
        it(`${cell}, T=${T} B=${B} H=${H}: give bitwise the results of plain arrays, and write nothing outside the views`, () => {
          const p = makeProblem(cell, T, B, H, { masked: true, seed: 77 });
          const f = runForward(native, p);
          const g = runBackward(native, p, f);
          const heap = new WasmHeap();
          const q: KernelProblem = {
            ...p,
            xp: heap.copy(p.xp),
            h0: heap.copy(p.h0),
            c0: p.c0 && heap.copy(p.c0),
            whh: heap.copy(p.whh),
            bhh: heap.copy(p.bhh),
            mask: p.mask && heap.copy(p.mask),
            dhs: heap.copy(p.dhs),
            dcT: p.dcT && heap.copy(p.dcT),
          };
          const vf = { hs: heap.alloc(f.hs.length), cT: f.cT && heap.alloc(f.cT.length), ws: heap.alloc(f.ws.length) };
          native.forward(cell, T, B, H, q.xp, q.h0, q.c0, q.whh, q.bhh, q.mask, vf.hs, vf.cT, vf.ws);
          const vg = {
            dxp: heap.alloc(g.dxp.length),
            dh0: heap.alloc(g.dh0.length),
            dc0: g.dc0 && heap.alloc(g.dc0.length),
            dwhh: heap.alloc(g.dwhh.length),
            dbhh: heap.alloc(g.dbhh.length),
            dhNorms: heap.alloc(T),
          };
          native.backward(cell, T, B, H, q.h0, q.c0, q.whh, q.bhh, q.mask, vf.hs, vf.ws, q.dhs, q.dcT, vg.dxp, vg.dh0, vg.dc0, vg.dwhh, vg.dbhh, vg.dhNorms);
          expect(differingBits(nonNull({ ...vf, ...vg }), nonNull({ ...f, ...g }))).toEqual([]);
          expect(heap.gapsWritten()).toEqual([]);
        });
      }
    }
  });

  describe('determinism', () => {
    /** large enough that 2 threads split the work on every build (two row blocks, two unit chunks) */
    const problem = (cell: NativeCell) => makeProblem(cell, 5, 13, 130, { masked: true, seed: 3 });
    afterAll(() => restoreBestSimd(native));

    for (const cell of CELLS) {
      it(`${cell}: the same call twice gives bitwise identical results (1 and 2 threads)`, () => {
        forceSimd(native, 'best');
        for (const threads of [1, 2]) {
          native.setThreads(threads);
          expect(differingBits(runAll(native, problem(cell)), runAll(native, problem(cell))), `${threads} threads`).toEqual([]);
        }
      });
    }

    for (const level of SIMD_LEVELS) {
      for (const cell of CELLS) {
        it.skipIf(!supported.has(level))(`${cell}: 1 and 2 threads give bitwise identical results (${level} build)`, () => {
          forceSimd(native, level);
          native.setThreads(1);
          const one = runAll(native, problem(cell));
          native.setThreads(2);
          expect(differingBits(runAll(native, problem(cell)), one)).toEqual([]);
        });
      }
    }

    const both = supported.has('avx2') && supported.has('avx512');
    for (const cell of CELLS) {
      it.skipIf(!both)(`${cell}: the AVX2 and AVX-512 builds give bitwise identical results${both ? '' : ' (needs both: skipped)'}`, () => {
        native.setThreads(1);
        for (const [T, B, H] of [[6, 8, 72], [4, 3, 37], [3, 13, 130]]) {
          const p = makeProblem(cell, T, B, H, { masked: true, seed: 9 });
          const byLevel = (level: SimdLevel) => {
            forceSimd(native, level);
            return runAll(native, p);
          };
          expect(differingBits(byLevel('avx2'), byLevel('avx512')), `T=${T} B=${B} H=${H}`).toEqual([]);
        }
      });
    }
  });
});

/** Forward within 1e-5 (absolute, or relative above 1) and gradients within 1e-4 (relative) of the reference. */
function expectReferenceMatch(native: NativeAddon, { p, ref }: Case, scale: number): void {
  const at = `scale ${scale}`;
  const f = runForward(native, p);
  expect(f.ws.length, `${at}: workspace length`).toBe(ref.f.ws.length);
  expect(scaledAbsError(f.hs, ref.f.hs), `${at}: hs`).toBeLessThan(OUTPUT_TOLERANCE);
  if (ref.f.cT) expect(scaledAbsError(f.cT ?? [], ref.f.cT), `${at}: cT`).toBeLessThan(OUTPUT_TOLERANCE);
  expect(scaledAbsError(f.ws, ref.f.ws), `${at}: workspace`).toBeLessThan(OUTPUT_TOLERANCE);
  // both dhNorms types the addon accepts
  const g = runBackward(native, p, f, scale === 1 ? Float32Array : Float64Array);
  expect(relativeError(g.dxp, ref.g.dxp), `${at}: dxp`).toBeLessThan(GRADIENT_TOLERANCE);
  expect(relativeError(g.dh0, ref.g.dh0), `${at}: dh0`).toBeLessThan(GRADIENT_TOLERANCE);
  if (ref.g.dc0) expect(relativeError(g.dc0 ?? [], ref.g.dc0), `${at}: dc0`).toBeLessThan(GRADIENT_TOLERANCE);
  expect(relativeError(g.dwhh, ref.g.dwhh), `${at}: dwhh`).toBeLessThan(GRADIENT_TOLERANCE);
  expect(relativeError(g.dbhh, ref.g.dbhh), `${at}: dbhh`).toBeLessThan(GRADIENT_TOLERANCE);
  expect(relativeError(g.dhNorms, ref.g.dhNorms), `${at}: dhNorms`).toBeLessThan(GRADIENT_TOLERANCE);
}

function nonNull(o: Record<string, Float32Array | Float64Array | null>): Record<string, Float32Array | Float64Array> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, Float32Array | Float64Array] => e[1] !== null));
}

/** Node's WebAssembly.Memory (a global the repo's TypeScript libs, ES2023 without DOM, do not declare). */
const WasmMemory = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } } }).WebAssembly.Memory;

/**
 * Float32Array views into one WebAssembly.Memory, as tfjs's wasm backend hands them over: the first
 * at byte 12 (aligned to 4 bytes, not to 16 or 32), each followed by a 20-byte gap that must stay zero.
 */
class WasmHeap {
  private readonly memory = new WasmMemory({ initial: 4 }); // 4 pages of 64 KiB
  private offset = 12;
  private readonly gaps: [number, number][] = [];

  alloc(n: number): Float32Array {
    const v = new Float32Array(this.memory.buffer, this.offset, n);
    this.offset += n * 4;
    this.gaps.push([this.offset, this.offset + 20]);
    this.offset += 20;
    return v;
  }

  copy(src: Float32Array): Float32Array {
    const v = this.alloc(src.length);
    v.set(src);
    return v;
  }

  /** byte ranges between the views that are no longer all zero */
  gapsWritten(): string[] {
    const bytes = new Uint8Array(this.memory.buffer);
    return this.gaps.filter(([a, b]) => bytes.subarray(a, b).some((x) => x !== 0)).map(([a, b]) => `[${a}, ${b})`);
  }
}
