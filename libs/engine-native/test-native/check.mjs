// Test harness for the rnnlab_native addon. Build first (from libs/engine-native):
//   node $(dirname $(readlink -f $(which npm)))/../node_modules/node-gyp/bin/node-gyp.js rebuild --nodedir=/usr
//
//   node libs/engine-native/test-native/check.mjs            all checks + timing
//   node libs/engine-native/test-native/check.mjs --no-bench  checks only
//   node libs/engine-native/test-native/check.mjs --bench-only  timing only
//
// 1. float64 JS reference of the same equations (forward + hand-written BPTT), itself validated
//    by central finite differences;
// 2. native forward/backward vs the reference for every cell x (mask, no mask) x sizes, on both
//    the AVX2 and the baseline elementwise paths (outputs abs < 1e-5, grads rel < 1e-4);
// 3. native vs the PyTorch float64 fixtures in /work/shared/fixtures/reference (1 and 2 layers);
// 4. typed-array views with byteOffset (WebAssembly.Memory), bad arguments, sgemm (4 transpose
//    combos, 1 and 2 threads), determinism (repeat, and 1 vs 2 threads bitwise);
// 5. timing: LSTM / GRU / RNN T=64 B=32 H=256 forward+backward with 1 and 2 threads.
// RNNLAB_OPENBLAS_CORETYPE=Cooperlake (etc.) selects OpenBLAS's kernel for the addon only.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const native = require(join(here, '..', 'build', 'Release', 'rnnlab_native.node'));
const FIXTURES = '/work/shared/fixtures/reference';
const bench = !process.argv.includes('--no-bench');

let failures = 0;
let checks = 0;
function ok(cond, what) {
  checks++;
  if (!cond) {
    failures++;
    console.log(`FAIL ${what}`);
  }
}

// ---- utilities --------------------------------------------------------------------------------

function rng(seed) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return { u, normal };
}

function randn(r, n, scale = 1) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = r.normal() * scale;
  return a;
}

function maxAbsDiff(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

function maxAbs(a) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** max |a - b| / max(max |b|, 1e-3): relative to the tensor's scale. */
function relErr(a, b) {
  return maxAbsDiff(a, b) / Math.max(maxAbs(b), 1e-3);
}

function sameBits(a, b) {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

const sig = (x) => 1 / (1 + Math.exp(-x));
const G_OF = { rnn_tanh: 1, rnn_relu: 1, lstm: 4, gru_after: 3, gru_before: 3 };
const WS_PER_UNIT = { rnn_tanh: 1, rnn_relu: 1, lstm: 6, gru_after: 4, gru_before: 4 };
const CELLS = Object.keys(G_OF);

// ---- float64 reference ------------------------------------------------------------------------
// Same equations as libs/models/src/cells/*.ts, one (t, b) row at a time.

function refForward(cell, T, B, H, xp, h0, c0, whh, bhh, mask) {
  const G = G_OF[cell];
  const GH = G * H;
  const hs = new Float64Array(T * B * H);
  const cT = cell === 'lstm' ? new Float64Array(B * H) : null;
  const gates = new Float64Array(T * B * GH); // activated gates, the workspace head
  const tcs = new Float64Array(T * B * H); // lstm tanh(c_t)
  const cps = new Float64Array(T * B * H); // lstm c_{t-1}
  const hns = new Float64Array(T * B * H); // gru_after h W_hn + b_hn
  const rhs = new Float64Array(T * B * H); // gru_before r ⊙ h
  let h = Float64Array.from(h0);
  let c = c0 ? Float64Array.from(c0) : null;
  for (let t = 0; t < T; t++) {
    const hNext = new Float64Array(B * H);
    const cNext = c ? new Float64Array(B * H) : null;
    for (let b = 0; b < B; b++) {
      const row = t * B + b;
      const m = mask ? mask[row] : 1;
      const hp = h.subarray(b * H, (b + 1) * H);
      const x = (k) => xp[row * GH + k];
      const hw = new Float64Array(GH); // h W_hh + b_hh
      for (let k = 0; k < GH; k++) {
        let s = bhh[k];
        for (let j = 0; j < H; j++) s += hp[j] * whh[j * GH + k];
        hw[k] = s;
      }
      const g = gates.subarray(row * GH, (row + 1) * GH);
      for (let k = 0; k < H; k++) {
        let hn;
        let cn = 0;
        if (cell === 'rnn_tanh' || cell === 'rnn_relu') {
          const a = x(k) + hw[k];
          hn = cell === 'rnn_tanh' ? Math.tanh(a) : Math.max(0, a);
          g[k] = hn;
        } else if (cell === 'lstm') {
          const i = sig(x(k) + hw[k]);
          const f = sig(x(H + k) + hw[H + k]);
          const gg = Math.tanh(x(2 * H + k) + hw[2 * H + k]);
          const o = sig(x(3 * H + k) + hw[3 * H + k]);
          g[k] = i;
          g[H + k] = f;
          g[2 * H + k] = gg;
          g[3 * H + k] = o;
          const cp = c[b * H + k];
          cps[row * H + k] = cp;
          cn = f * cp + i * gg;
          tcs[row * H + k] = Math.tanh(cn);
          hn = o * Math.tanh(cn);
        } else if (cell === 'gru_after') {
          const r = sig(x(k) + hw[k]);
          const z = sig(x(H + k) + hw[H + k]);
          const n = Math.tanh(x(2 * H + k) + r * hw[2 * H + k]);
          g[k] = r;
          g[H + k] = z;
          g[2 * H + k] = n;
          hns[row * H + k] = hw[2 * H + k];
          hn = (1 - z) * n + z * hp[k];
        }
        if (cell !== 'gru_before') {
          hNext[b * H + k] = hp[k] + m * (hn - hp[k]);
          if (c) cNext[b * H + k] = c[b * H + k] + m * (cn - c[b * H + k]);
        }
      }
      if (cell === 'gru_before') {
        const rh = new Float64Array(H);
        for (let k = 0; k < H; k++) {
          g[k] = sig(x(k) + hw[k]);
          g[H + k] = sig(x(H + k) + hw[H + k]);
          rh[k] = g[k] * hp[k];
          rhs[row * H + k] = rh[k];
        }
        for (let k = 0; k < H; k++) {
          let s = bhh[2 * H + k];
          for (let j = 0; j < H; j++) s += rh[j] * whh[j * GH + 2 * H + k];
          const n = Math.tanh(x(2 * H + k) + s);
          g[2 * H + k] = n;
          const z = g[H + k];
          const hn = (1 - z) * n + z * hp[k];
          hNext[b * H + k] = hp[k] + m * (hn - hp[k]);
        }
      }
    }
    hs.set(hNext, t * B * H);
    h = hNext;
    c = cNext;
  }
  if (cT) cT.set(c);
  const ws =
    cell === 'lstm'
      ? concat([gates, tcs, cps])
      : cell === 'gru_after'
        ? concat([gates, hns])
        : cell === 'gru_before'
          ? concat([gates, rhs])
          : gates;
  return { hs, cT, ws, gates, tcs, cps, hns, rhs };
}

function concat(arrs) {
  const out = new Float64Array(arrs.reduce((s, a) => s + a.length, 0));
  let o = 0;
  for (const a of arrs) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

/** Hand-written BPTT in float64 (from the reference forward's saved values). */
function refBackward(cell, T, B, H, h0, whh, mask, f, dhs, dcT) {
  const G = G_OF[cell];
  const GH = G * H;
  const dxp = new Float64Array(T * B * GH);
  const dwhh = new Float64Array(H * GH);
  const dbhh = new Float64Array(GH);
  const norms = new Float64Array(T);
  let dh = new Float64Array(B * H);
  let dc = dcT ? Float64Array.from(dcT) : null;
  for (let t = T - 1; t >= 0; t--) {
    const dhPrev = new Float64Array(B * H);
    const dcPrev = dc ? new Float64Array(B * H) : null;
    let sq = 0;
    for (let b = 0; b < B; b++) {
      const row = t * B + b;
      const m = mask ? mask[row] : 1;
      const hp = (j) => (t === 0 ? h0[b * H + j] : f.hs[((t - 1) * B + b) * H + j]);
      const g = (k) => f.gates[row * GH + k];
      const dZ = new Float64Array(GH); // input side (dxp)
      const dZh = new Float64Array(GH); // hidden side (what W_hh / b_hh see)
      const direct = new Float64Array(H); // dL/dh_{t-1} not through W_hh
      for (let k = 0; k < H; k++) {
        const d = dhs[row * H + k] + dh[b * H + k];
        sq += d * d;
        const dN = m * d;
        direct[k] = d - dN;
        if (cell === 'rnn_tanh') dZ[k] = dN * (1 - g(k) ** 2);
        else if (cell === 'rnn_relu') dZ[k] = g(k) > 0 ? dN : 0;
        else if (cell === 'lstm') {
          const [i, ff, gg, o] = [g(k), g(H + k), g(2 * H + k), g(3 * H + k)];
          const tc = f.tcs[row * H + k];
          const dcv = dc[b * H + k];
          const dct = m * dcv + dN * o * (1 - tc * tc);
          dZ[k] = dct * gg * i * (1 - i);
          dZ[H + k] = dct * f.cps[row * H + k] * ff * (1 - ff);
          dZ[2 * H + k] = dct * i * (1 - gg * gg);
          dZ[3 * H + k] = dN * tc * o * (1 - o);
          dcPrev[b * H + k] = dct * ff + (dcv - m * dcv);
        } else {
          const [r, z, n] = [g(k), g(H + k), g(2 * H + k)];
          const an = dN * (1 - z) * (1 - n * n);
          dZ[H + k] = dN * (hp(k) - n) * z * (1 - z);
          dZ[2 * H + k] = an;
          direct[k] += dN * z;
          if (cell === 'gru_after') {
            dZ[k] = an * f.hns[row * H + k] * r * (1 - r);
            dZh[2 * H + k] = an * r;
          }
        }
      }
      if (cell === 'gru_before') {
        // d(r ⊙ h) = dan W_hnᵀ
        for (let j = 0; j < H; j++) {
          let s = 0;
          for (let k = 0; k < H; k++) s += dZ[2 * H + k] * whh[j * GH + 2 * H + k];
          const r = g(j);
          dZ[j] = s * hp(j) * r * (1 - r);
          direct[j] += s * r;
        }
      }
      for (let k = 0; k < GH; k++) if (!(cell === 'gru_after' && k >= 2 * H)) dZh[k] = dZ[k];
      for (let k = 0; k < GH; k++) {
        dxp[row * GH + k] = dZ[k];
        dbhh[k] += dZh[k];
      }
      for (let j = 0; j < H; j++) {
        let s = direct[j];
        const lim = cell === 'gru_before' ? 2 * H : GH;
        for (let k = 0; k < lim; k++) {
          s += dZh[k] * whh[j * GH + k];
          dwhh[j * GH + k] += hp(j) * dZh[k];
        }
        if (cell === 'gru_before') {
          for (let k = 2 * H; k < GH; k++) dwhh[j * GH + k] += f.rhs[row * H + j] * dZh[k];
        }
        dhPrev[b * H + j] = s;
      }
    }
    norms[t] = Math.sqrt(sq);
    dh = dhPrev;
    dc = dcPrev;
  }
  return { dxp, dh0: dh, dc0: dc, dwhh, dbhh, norms };
}

// ---- problem generation and native calls ---------------------------------------------------------

function makeProblem(cell, T, B, H, { masked = false, fractional = false, seed = 1, scale = 1 } = {}) {
  const r = rng(seed);
  const G = G_OF[cell];
  const GH = G * H;
  const lstm = cell === 'lstm';
  let mask = null;
  if (masked) {
    mask = new Float32Array(T * B);
    for (let b = 0; b < B; b++) {
      const len = 1 + Math.floor(r.u() * T); // right padding
      for (let t = 0; t < T; t++) mask[t * B + b] = t < len ? 1 : 0;
    }
    // a hole in the middle and (optionally) a fractional weight, as the TS carry() allows
    if (T > 2 && B > 1) mask[1 * B + 1] = 0;
    if (fractional) mask[0] = 0.5;
  }
  return {
    cell, T, B, H, G, GH,
    xp: randn(r, T * B * GH, scale),
    h0: randn(r, B * H, 0.5),
    c0: lstm ? randn(r, B * H, 0.5) : null,
    whh: randn(r, H * GH, scale / Math.sqrt(H)),
    bhh: randn(r, GH, 0.3),
    mask,
    dhs: randn(r, T * B * H),
    dcT: lstm ? randn(r, B * H) : null,
  };
}

function nativeForward(p) {
  const { cell, T, B, H } = p;
  const hs = new Float32Array(T * B * H);
  const cT = cell === 'lstm' ? new Float32Array(B * H) : null;
  const ws = new Float32Array(native.workspaceSize(cell, T, B, H));
  native.forward(cell, T, B, H, p.xp, p.h0, p.c0, p.whh, p.bhh, p.mask, hs, cT, ws);
  return { hs, cT, ws };
}

function nativeBackward(p, f, normsType = Float32Array) {
  const { cell, T, B, H, GH } = p;
  const lstm = cell === 'lstm';
  const g = {
    dxp: new Float32Array(T * B * GH),
    dh0: new Float32Array(B * H),
    dc0: lstm ? new Float32Array(B * H) : null,
    dwhh: new Float32Array(H * GH).fill(NaN), // must be overwritten, not accumulated
    dbhh: new Float32Array(GH).fill(NaN),
    norms: normsType ? new normsType(T) : null,
  };
  native.backward(cell, T, B, H, p.h0, p.c0, p.whh, p.bhh, p.mask, f.hs, f.ws, p.dhs, p.dcT,
    g.dxp, g.dh0, g.dc0, g.dwhh, g.dbhh, g.norms);
  return g;
}

// ---- 1. the reference's own gradients vs finite differences --------------------------------------

function refLoss(p, xp, h0, c0, whh, bhh) {
  const f = refForward(p.cell, p.T, p.B, p.H, xp, h0, c0, whh, bhh, p.mask);
  let L = 0;
  for (let i = 0; i < f.hs.length; i++) L += f.hs[i] * p.dhs[i];
  if (f.cT) for (let i = 0; i < f.cT.length; i++) L += f.cT[i] * p.dcT[i];
  return L;
}

function checkReferenceGradients() {
  let worst = 0;
  for (const cell of CELLS) {
    for (const masked of [false, true]) {
      const p = makeProblem(cell, 3, 3, 3, { masked, fractional: masked, seed: 11 });
      const args = {
        xp: Float64Array.from(p.xp), h0: Float64Array.from(p.h0), c0: p.c0 && Float64Array.from(p.c0),
        whh: Float64Array.from(p.whh), bhh: Float64Array.from(p.bhh),
      };
      const f = refForward(cell, p.T, p.B, p.H, args.xp, args.h0, args.c0, args.whh, args.bhh, p.mask);
      const g = refBackward(cell, p.T, p.B, p.H, args.h0, args.whh, p.mask, f, p.dhs, p.dcT);
      const analytic = { xp: g.dxp, h0: g.dh0, c0: g.dc0, whh: g.dwhh, bhh: g.dbhh };
      for (const name of ['xp', 'h0', 'c0', 'whh', 'bhh']) {
        if (!args[name]) continue;
        const v = args[name];
        const num = new Float64Array(v.length);
        const eps = 1e-6;
        for (let i = 0; i < v.length; i++) {
          const keep = v[i];
          v[i] = keep + eps;
          const lp = refLoss(p, args.xp, args.h0, args.c0, args.whh, args.bhh);
          v[i] = keep - eps;
          const lm = refLoss(p, args.xp, args.h0, args.c0, args.whh, args.bhh);
          v[i] = keep;
          num[i] = (lp - lm) / (2 * eps);
        }
        const e = relErr(analytic[name], num);
        worst = Math.max(worst, e);
        ok(e < 1e-6, `reference BPTT vs finite differences: ${cell} masked=${masked} d${name} rel err ${e}`);
      }
    }
  }
  console.log(`[1] float64 reference BPTT vs central finite differences: worst rel err ${worst.toExponential(2)}`);
}

// ---- 2. native vs reference ---------------------------------------------------------------------

const SIZES = [
  [1, 1, 1],
  [3, 2, 4],
  [5, 3, 5],
  [4, 2, 9],
  [7, 5, 37],
  [6, 4, 64],
  [5, 8, 100],
  [3, 16, 48],
  [3, 150, 37], // > 256 rows of T*B (blocked weight gradient), batch and hidden tails
];

function compareToReference(tag) {
  let worstOut = 0;
  let worstGrad = 0;
  let n = 0;
  for (const cell of CELLS) {
    for (const masked of [false, true]) {
      for (const [T, B, H] of SIZES) {
        for (const scale of [1, 3]) {
          const p = makeProblem(cell, T, B, H, { masked, fractional: masked && H === 5, seed: T * 1000 + B * 100 + H + scale, scale });
          const what = `${tag} ${cell} mask=${masked} T=${T} B=${B} H=${H} scale=${scale}`;
          const nf = nativeForward(p);
          const rf = refForward(cell, T, B, H, p.xp, p.h0, p.c0, p.whh, p.bhh, p.mask);
          // abs error, relative to the magnitude only when values exceed 1 (relu states can grow large)
          const scaled = (a, b) => maxAbsDiff(a, b) / Math.max(1, maxAbs(b));
          const eOut = Math.max(scaled(nf.hs, rf.hs), p.c0 ? scaled(nf.cT, rf.cT) : 0, scaled(nf.ws, rf.ws));
          ok(nf.ws.length === rf.ws.length, `${what}: workspace length ${nf.ws.length} vs ${rf.ws.length}`);
          ok(eOut < 1e-5, `${what}: forward max abs err ${eOut}`);
          worstOut = Math.max(worstOut, eOut);
          const ng = nativeBackward(p, nf, n % 2 ? Float64Array : Float32Array);
          const rg = refBackward(cell, T, B, H, p.h0, p.whh, p.mask, rf, p.dhs, p.dcT);
          const errs = {
            dxp: relErr(ng.dxp, rg.dxp), dh0: relErr(ng.dh0, rg.dh0), dwhh: relErr(ng.dwhh, rg.dwhh),
            dbhh: relErr(ng.dbhh, rg.dbhh), dhNorms: relErr(ng.norms, rg.norms),
          };
          if (p.c0) errs.dc0 = relErr(ng.dc0, rg.dc0);
          for (const [k, e] of Object.entries(errs)) {
            ok(e < 1e-4, `${what}: ${k} rel err ${e}`);
            worstGrad = Math.max(worstGrad, e);
          }
          n++;
        }
      }
    }
  }
  console.log(`[2] native (${tag}) vs float64 reference: ${n} cases, worst forward abs err ${worstOut.toExponential(2)}, worst grad rel err ${worstGrad.toExponential(2)}`);
}

// ---- 3. PyTorch fixtures ------------------------------------------------------------------------

function flat(v) {
  return Float64Array.from(v.flat(Infinity));
}

function checkFixtures() {
  if (!existsSync(FIXTURES)) {
    console.log('[3] fixtures not found, skipped');
    return;
  }
  const files = ['rnn-L1', 'rnn-L2', 'lstm-L1', 'lstm-L2', 'gru-reset-after-L1', 'gru-reset-after-L2', 'gru-reset-before-L1'];
  let worstOut = 0;
  let worstGrad = 0;
  for (const name of files) {
    const file = join(FIXTURES, `${name}.json`);
    if (!existsSync(file)) continue;
    const fx = JSON.parse(readFileSync(file, 'utf8'));
    const { B, T, I, H, L } = fx.dims;
    const cell = fx.cell === 'lstm' ? 'lstm' : fx.cell === 'gru' ? (fx.gru_reset_after ? 'gru_after' : 'gru_before') : 'rnn_tanh';
    const G = G_OF[cell];
    const GH = G * H;
    const lstm = cell === 'lstm';
    const P = (k) => flat(fx.params[k]);
    // batch-first [B, T, K] <-> time-major [T*B, K]
    const toTM = (bt, K) => {
      const out = new Float64Array(T * B * K);
      for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) out[(t * B + b) * K + k] = bt[(b * T + t) * K + k];
      return out;
    };
    const x = toTM(flat(fx.inputs.x), I);
    const h0All = flat(fx.inputs.h0);
    const c0All = lstm ? flat(fx.inputs.c0) : null;
    const layers = [];
    let input = x;
    let inDim = I;
    for (let l = 0; l < L; l++) {
      const Wih = P(`weight_ih_l${l}`); // [GH, inDim]
      const bih = P(`bias_ih_l${l}`);
      const Whh = P(`weight_hh_l${l}`); // [GH, H]
      const xp = new Float32Array(T * B * GH);
      for (let r = 0; r < T * B; r++) {
        for (let k = 0; k < GH; k++) {
          let s = bih[k];
          for (let i = 0; i < inDim; i++) s += input[r * inDim + i] * Wih[k * inDim + i];
          xp[r * GH + k] = s;
        }
      }
      const whh = new Float32Array(H * GH);
      for (let k = 0; k < GH; k++) for (let j = 0; j < H; j++) whh[j * GH + k] = Whh[k * H + j];
      const p = {
        cell, T, B, H, G, GH, xp, whh, bhh: Float32Array.from(P(`bias_hh_l${l}`)), mask: null,
        h0: Float32Array.from(h0All.subarray(l * B * H, (l + 1) * B * H)),
        c0: lstm ? Float32Array.from(c0All.subarray(l * B * H, (l + 1) * B * H)) : null,
      };
      const f = nativeForward(p);
      layers.push({ p, f, Wih, inDim, input });
      input = Float64Array.from(f.hs);
      inDim = H;
    }
    // outputs
    const top = layers[L - 1].f;
    const yRef = toTM(flat(fx.outputs.y), H);
    let eOut = maxAbsDiff(top.hs, yRef);
    const hTRef = flat(fx.outputs.hT);
    const cTRef = lstm ? flat(fx.outputs.cT) : null;
    for (let l = 0; l < L; l++) {
      eOut = Math.max(eOut, maxAbsDiff(layers[l].f.hs.subarray((T - 1) * B * H), hTRef.subarray(l * B * H, (l + 1) * B * H)));
      if (lstm) eOut = Math.max(eOut, maxAbsDiff(layers[l].f.cT, cTRef.subarray(l * B * H, (l + 1) * B * H)));
    }
    ok(eOut < 1e-5, `fixture ${name}: forward max abs err ${eOut}`);
    worstOut = Math.max(worstOut, eOut);
    // backward: loss = sum(y proj_y) + sum(h_T proj_h) (+ sum(c_T proj_c))
    const projY = toTM(flat(fx.proj.y), H);
    const projH = flat(fx.proj.h);
    const projC = lstm ? flat(fx.proj.c) : null;
    let dAbove = projY;
    const grads = {};
    let dx = null;
    for (let l = L - 1; l >= 0; l--) {
      const { p, f, Wih, inDim: K, input: inp } = layers[l];
      p.dhs = Float32Array.from(dAbove);
      for (let i = 0; i < B * H; i++) p.dhs[(T - 1) * B * H + i] += projH[l * B * H + i];
      p.dcT = lstm ? Float32Array.from(projC.subarray(l * B * H, (l + 1) * B * H)) : null;
      const g = nativeBackward(p, f);
      // PyTorch layouts
      const dWih = new Float64Array(GH * K);
      const dbih = new Float64Array(GH);
      dx = new Float64Array(T * B * K);
      for (let r = 0; r < T * B; r++) {
        for (let k = 0; k < GH; k++) {
          const d = g.dxp[r * GH + k];
          dbih[k] += d;
          for (let i = 0; i < K; i++) {
            dWih[k * K + i] += d * inp[r * K + i];
            dx[r * K + i] += d * Wih[k * K + i];
          }
        }
      }
      const dWhh = new Float64Array(GH * H);
      for (let k = 0; k < GH; k++) for (let j = 0; j < H; j++) dWhh[k * H + j] = g.dwhh[j * GH + k];
      grads[`weight_ih_l${l}`] = dWih;
      grads[`bias_ih_l${l}`] = dbih;
      grads[`weight_hh_l${l}`] = dWhh;
      grads[`bias_hh_l${l}`] = g.dbhh;
      grads[`h0_${l}`] = g.dh0;
      if (lstm) grads[`c0_${l}`] = g.dc0;
      dAbove = dx;
    }
    const want = (k) => flat(fx.grads[k]);
    const cmp = (label, got, ref) => {
      const e = relErr(got, ref);
      ok(e < 1e-4, `fixture ${name}: d${label} rel err ${e}`);
      worstGrad = Math.max(worstGrad, e);
    };
    for (let l = 0; l < L; l++) {
      for (const k of [`weight_ih_l${l}`, `bias_ih_l${l}`, `weight_hh_l${l}`, `bias_hh_l${l}`]) cmp(k, grads[k], want(k));
      cmp(`h0[${l}]`, grads[`h0_${l}`], want('h0').subarray(l * B * H, (l + 1) * B * H));
      if (lstm) cmp(`c0[${l}]`, grads[`c0_${l}`], want('c0').subarray(l * B * H, (l + 1) * B * H));
    }
    cmp('x', dx, toTM(want('x'), I));
  }
  console.log(`[3] native vs PyTorch float64 fixtures (${files.length} files): worst forward abs err ${worstOut.toExponential(2)}, worst grad rel err ${worstGrad.toExponential(2)}`);
}

// ---- 4a. views with byteOffset into a WebAssembly.Memory ------------------------------------------

function checkViews() {
  for (const cell of CELLS) {
    const p = makeProblem(cell, 5, 3, 7, { masked: true, seed: 77 });
    const f = nativeForward(p);
    const g = nativeBackward(p, f);
    const mem = new WebAssembly.Memory({ initial: 4 });
    let off = 12; // deliberately not 16/32-byte aligned
    const view = (src, n = src ? src.length : 0) => {
      if (src === null) return null;
      const v = new Float32Array(mem.buffer, off, n);
      off += n * 4 + 20;
      if (src) v.set(src);
      return v;
    };
    const lstm = cell === 'lstm';
    const q = { ...p, xp: view(p.xp), h0: view(p.h0), c0: view(p.c0), whh: view(p.whh), bhh: view(p.bhh), mask: view(p.mask), dhs: view(p.dhs), dcT: view(p.dcT) };
    const hs = view(undefined, f.hs.length);
    const cT = lstm ? view(undefined, p.B * p.H) : null;
    const ws = view(undefined, f.ws.length);
    native.forward(cell, p.T, p.B, p.H, q.xp, q.h0, q.c0, q.whh, q.bhh, q.mask, hs, cT, ws);
    const dxp = view(undefined, g.dxp.length);
    const dh0 = view(undefined, g.dh0.length);
    const dc0 = lstm ? view(undefined, g.dc0.length) : null;
    const dwhh = view(undefined, g.dwhh.length);
    const dbhh = view(undefined, g.dbhh.length);
    const norms = view(undefined, p.T);
    native.backward(cell, p.T, p.B, p.H, q.h0, q.c0, q.whh, q.bhh, q.mask, hs, ws, q.dhs, q.dcT, dxp, dh0, dc0, dwhh, dbhh, norms);
    const same =
      sameBits(hs, f.hs) && sameBits(ws, f.ws) && (!lstm || sameBits(cT, f.cT)) && sameBits(dxp, g.dxp) &&
      sameBits(dh0, g.dh0) && (!lstm || sameBits(dc0, g.dc0)) && sameBits(dwhh, g.dwhh) && sameBits(dbhh, g.dbhh) &&
      sameBits(norms, g.norms);
    ok(same, `${cell}: views with byteOffset into WebAssembly.Memory give bitwise the same results`);
  }
  console.log('[4a] typed-array views with byteOffset (WebAssembly.Memory): checked');
}

// ---- 4b. bad arguments ---------------------------------------------------------------------------

function expectThrow(fn, re, what) {
  try {
    fn();
  } catch (e) {
    ok(e instanceof Error && re.test(e.message), `${what}: wrong error: ${e && e.message}`);
    return e;
  }
  ok(false, `${what}: did not throw`);
  return null;
}

function checkBadArguments() {
  const p = makeProblem('lstm', 4, 2, 8, { seed: 5 });
  const { T, B, H } = p;
  const f = nativeForward(p);
  const ws = f.ws;
  const hs = new Float32Array(T * B * H);
  const cT = new Float32Array(B * H);
  const fwd = (over = {}) => {
    const a = { cell: 'lstm', T, B, H, xp: p.xp, h0: p.h0, c0: p.c0, whh: p.whh, bhh: p.bhh, mask: null, hs, cT, ws, ...over };
    return () => native.forward(a.cell, a.T, a.B, a.H, a.xp, a.h0, a.c0, a.whh, a.bhh, a.mask, a.hs, a.cT, a.ws);
  };
  const bwdBufs = { dxp: new Float32Array(T * B * 4 * H), dh0: new Float32Array(B * H), dc0: new Float32Array(B * H), dwhh: new Float32Array(H * 4 * H), dbhh: new Float32Array(4 * H) };
  const bwd = (over = {}) => {
    const a = { cell: 'lstm', T, B, H, h0: p.h0, c0: p.c0, whh: p.whh, bhh: p.bhh, mask: null, hs: f.hs, ws, dhs: p.dhs, dcT: p.dcT, ...bwdBufs, norms: null, ...over };
    return () => native.backward(a.cell, a.T, a.B, a.H, a.h0, a.c0, a.whh, a.bhh, a.mask, a.hs, a.ws, a.dhs, a.dcT, a.dxp, a.dh0, a.dc0, a.dwhh, a.dbhh, a.norms);
  };
  const n = T * B * 4 * H;
  let e = expectThrow(fwd({ xp: new Float32Array(n - 1) }), new RegExp(`expected xp of length T\\*B\\*G\\*H = ${n}, got ${n - 1} in forward\\(\\)`), 'xp too short');
  ok(e && !(e instanceof TypeError), 'length errors are Errors, not TypeErrors');
  expectThrow(fwd({ xp: new Float32Array(n + 1) }), /expected xp of length .* got \d+ in forward\(\)/, 'xp too long');
  e = expectThrow(fwd({ xp: new Float64Array(n) }), /expected xp to be a Float32Array, got Float64Array in forward\(\)/, 'xp Float64Array');
  ok(e instanceof TypeError, 'type errors are TypeErrors');
  expectThrow(fwd({ xp: Array.from(p.xp) }), /expected xp to be a Float32Array, got Array/, 'xp plain Array');
  expectThrow(fwd({ xp: p.xp.buffer }), /expected xp to be a Float32Array, got ArrayBuffer/, 'xp ArrayBuffer');
  expectThrow(fwd({ h0: null }), /expected h0 to be a Float32Array, got null in forward\(\)/, 'h0 null');
  expectThrow(fwd({ c0: null }), /expected c0 to be a Float32Array, got null in forward\(\)/, 'lstm c0 null');
  expectThrow(fwd({ whh: new Float32Array(H * H) }), /expected whh of length H\*G\*H = 256, got 64 in forward\(\)/, 'whh wrong');
  expectThrow(fwd({ bhh: new Float32Array(H) }), /expected bhh of length G\*H = 32, got 8/, 'bhh wrong');
  expectThrow(fwd({ mask: new Float32Array(T * B + 1) }), /expected mask of length T\*B = 8, got 9/, 'mask wrong');
  expectThrow(fwd({ mask: new Uint8Array(T * B) }), /expected mask to be a Float32Array or null, got Uint8Array/, 'mask Uint8Array');
  expectThrow(fwd({ ws: new Float32Array(ws.length - 1) }), /expected ws of length workspaceSize\('lstm', T, B, H\) = 6\*T\*B\*H = 384, got 383 in forward\(\)/, 'ws short');
  expectThrow(fwd({ cell: 'lstmx' }), /unknown cell 'lstmx'.* in forward\(\)/, 'unknown cell');
  expectThrow(fwd({ cell: 3 }), /expected cell to be a string, got number 3 in forward\(\)/, 'cell number');
  expectThrow(fwd({ T: 0 }), /expected T to be a positive integer .* got 0 in forward\(\)/, 'T = 0');
  expectThrow(fwd({ B: -2 }), /expected B to be a positive integer .* got -2/, 'B < 0');
  expectThrow(fwd({ H: 2.5 }), /expected H to be a positive integer .* got 2.5/, 'H fractional');
  expectThrow(fwd({ H: NaN }), /expected H to be a positive integer .* got nan/i, 'H NaN');
  expectThrow(fwd({ T: '4' }), /expected T to be a number, got string in forward\(\)/, 'T string');
  expectThrow(fwd({ T: 2 ** 31 }), /expected T to be a positive integer/, 'T huge');
  expectThrow(fwd({ T: 65536, B: 65536, H: 1 }), /dimensions too large|expected xp of length/, 'T*B overflow int');
  expectThrow(() => native.forward('lstm', T, B, H), /expected xp to be a Float32Array, got undefined in forward\(\)/, 'missing args');
  expectThrow(() => native.forward(), /expected cell to be a string, got undefined/, 'no args');
  expectThrow(fwd({ hs: p.xp.subarray(0, T * B * H) }), /output hs overlaps input xp .* in forward\(\)/, 'hs aliases xp');
  expectThrow(fwd({ ws: new Float32Array(ws.length), cT: hs.subarray(0, B * H) }), /output (cT overlaps output hs|hs overlaps output cT)/, 'cT aliases hs');
  // non-lstm cells: the cell-state arguments must be null
  const g = makeProblem('gru_after', 4, 2, 8, { seed: 6 });
  const gws = new Float32Array(native.workspaceSize('gru_after', 4, 2, 8));
  expectThrow(() => native.forward('gru_after', 4, 2, 8, g.xp, g.h0, g.h0, g.whh, g.bhh, null, hs, null, gws), /expected c0 to be null \(only lstm has a cell state\), got Float32Array in forward\(\)/, 'gru with c0');
  native.forward('gru_after', 4, 2, 8, g.xp, g.h0, undefined, g.whh, g.bhh, undefined, hs, undefined, gws); // undefined == null
  // backward
  expectThrow(bwd({ dhs: new Float32Array(1) }), /expected dhs of length T\*B\*H = 64, got 1 in backward\(\)/, 'dhs short');
  expectThrow(bwd({ dcT: null }), /expected dcT to be a Float32Array, got null in backward\(\)/, 'dcT null');
  expectThrow(bwd({ norms: new Float32Array(T + 1) }), /expected dhNorms of length T = 4, got 5 in backward\(\)/, 'norms length');
  expectThrow(bwd({ norms: new Int32Array(T) }), /expected dhNorms to be a Float32Array, a Float64Array or null, got Int32Array/, 'norms type');
  expectThrow(bwd({ dwhh: p.whh }), /output dwhh overlaps input whh .* in backward\(\)/, 'dwhh aliases whh');
  expectThrow(bwd({ dh0: bwdBufs.dxp.subarray(3, 3 + B * H) }), /output dxp overlaps output dh0|output dh0 overlaps output dxp/, 'dh0 aliases dxp');
  expectThrow(bwd({ ws: new Float32Array(ws.length + 4) }), /expected ws of length .* got 388 in backward\(\)/, 'backward ws');
  expectThrow(() => native.workspaceSize('gru', 1, 1, 1), /unknown cell 'gru'.* in workspaceSize\(\)/, 'workspaceSize unknown cell');
  expectThrow(() => native.workspaceSize('rnn_tanh', 1, 0, 1), /expected B to be a positive integer .* in workspaceSize\(\)/, 'workspaceSize B=0');
  // sgemm
  const A = new Float32Array(6);
  const Bm = new Float32Array(6);
  const C = new Float32Array(4);
  expectThrow(() => native.sgemm(false, false, 2, 2, 3, 1, A, 2, Bm, 2, 0, C, 2), /expected lda >= K = 3 .* in sgemm\(\)/, 'sgemm lda');
  expectThrow(() => native.sgemm(false, false, 2, 2, 3, 1, A.subarray(1), 3, Bm, 2, 0, C, 2), /expected A of length at least \(M-1\)\*lda \+ K = 6, got 5 in sgemm\(\)/, 'sgemm A short');
  expectThrow(() => native.sgemm(0, false, 2, 2, 3, 1, A, 3, Bm, 2, 0, C, 2), /expected transA to be a boolean, got number 0 in sgemm\(\)/, 'sgemm transA');
  expectThrow(() => native.sgemm(false, false, 2, 2, 3, 1, A, 3, Bm, 2, 0, A.subarray(0, 4), 2), /output C overlaps input A .* in sgemm\(\)/, 'sgemm C aliases A');
  expectThrow(() => native.sgemm(false, false, -1, 2, 3, 1, A, 3, Bm, 2, 0, C, 2), /expected M to be a non-negative integer/, 'sgemm M<0');
  expectThrow(() => native.setThreads(0), /expected n to be a positive integer .* in setThreads\(\)/, 'setThreads(0)');
  expectThrow(() => native.setThreads('2'), /expected n to be a number, got string in setThreads\(\)/, 'setThreads string');
  // still alive and still correct after all that
  const again = nativeForward(p);
  ok(sameBits(again.hs, f.hs), 'addon still works after the error cases');
  console.log('[4b] bad arguments: all throw clear JS errors; process alive');
}

// ---- 4c. sgemm ------------------------------------------------------------------------------------

function jsGemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc) {
  const out = Float64Array.from(C);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (ta ? A[k * lda + i] : A[i * lda + k]) * (tb ? B[j * ldb + k] : B[k * ldb + j]);
      out[i * ldc + j] = alpha * s + (beta === 0 ? 0 : beta * C[i * ldc + j]);
    }
  }
  return out;
}

function checkSgemm(tag) {
  const r = rng(99);
  let worst = 0;
  let cases = 0;
  for (const [M, N, K] of [[1, 1, 1], [3, 5, 7], [17, 9, 33], [64, 48, 40], [2, 3, 0], [0, 3, 2], [300, 70, 100], [40, 520, 120]]) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        for (const [alpha, beta] of [[1, 0], [0.5, -2], [1, 1]]) {
          const pad = 3; // leading dimensions larger than the logical width
          const lda = (ta ? M : K) + pad;
          const ldb = (tb ? K : N) + pad;
          const ldc = N + pad;
          const A = randn(r, (ta ? K : M) * lda + 5);
          const B = randn(r, (tb ? N : K) * ldb + 5);
          const Cbuf = randn(r, M * ldc + 8);
          if (beta === 0) Cbuf.fill(NaN); // beta = 0: C must not be read
          const Av = A.subarray(2); // views with a byte offset
          const Bv = B.subarray(1);
          const C = Cbuf.subarray(4, 4 + M * ldc);
          const want = jsGemm(ta, tb, M, N, K, alpha, Av, lda, Bv, ldb, beta, C, ldc);
          native.sgemm(ta, tb, M, N, K, alpha, Av, lda, Bv, ldb, beta, C, ldc);
          let e = 0;
          for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) e = Math.max(e, Math.abs(C[i * ldc + j] - want[i * ldc + j]) / (1 + Math.abs(want[i * ldc + j])));
          // padding columns untouched
          let padOk = true;
          for (let i = 0; i < M; i++) for (let j = N; j < ldc && i * ldc + j < C.length; j++) if (!Object.is(C[i * ldc + j], Float32Array.of(want[i * ldc + j])[0]) && !(Number.isNaN(C[i * ldc + j]) && Number.isNaN(want[i * ldc + j]))) padOk = false;
          ok(e < 1e-5 && padOk, `sgemm ta=${ta} tb=${tb} M=${M} N=${N} K=${K} alpha=${alpha} beta=${beta}: err ${e} padOk=${padOk}`);
          worst = Math.max(worst, e);
          cases++;
        }
      }
    }
  }
  console.log(`[4c] sgemm (${tag}) vs JS matmul, 4 transpose combos x sizes x alpha/beta (${cases} cases): worst rel err ${worst.toExponential(2)}`);
}

// ---- 4d. determinism -------------------------------------------------------------------------------

function runAll(p) {
  const f = nativeForward(p);
  const g = nativeBackward(p, f);
  return [f.hs, f.ws, f.cT, g.dxp, g.dh0, g.dc0, g.dwhh, g.dbhh, g.norms].filter((x) => x !== null);
}

const allSame = (a, b) => a.length === b.length && a.every((x, i) => sameBits(x, b[i]));

function checkDeterminism() {
  const byThreads = {};
  for (const threads of [1, 2]) {
    native.setThreads(threads);
    for (const cell of CELLS) {
      const p = makeProblem(cell, 12, 32, 160, { masked: true, seed: 3 });
      const a = runAll(p);
      const b = runAll(p);
      ok(allSame(a, b), `determinism ${cell} threads=${threads}`);
      (byThreads[cell] ??= []).push(a);
    }
  }
  // the work partition depends on the problem size only, so the thread count does not change results
  for (const cell of CELLS) ok(allSame(byThreads[cell][0], byThreads[cell][1]), `${cell}: 1 thread vs 2 threads bitwise`);
  const r = rng(5);
  const A = randn(r, 300 * 130);
  const B = randn(r, 130 * 200);
  const outs = [1, 2].map((threads) => {
    native.setThreads(threads);
    const C = new Float32Array(300 * 200);
    native.sgemm(false, false, 300, 200, 130, 1, A, 130, B, 200, 0, C, 200);
    return C;
  });
  ok(sameBits(outs[0], outs[1]), 'sgemm: 1 thread vs 2 threads bitwise');
  // informational: AVX-512 and AVX2 builds of the elementwise loops
  const levels = ['avx512', 'avx2'].filter((l) => {
    try {
      native._setSimd(l);
      return true;
    } catch {
      return false;
    }
  });
  let simdNote = 'n/a';
  if (levels.length === 2) {
    const res = levels.map((l) => {
      native._setSimd(l);
      return CELLS.map((cell) => runAll(makeProblem(cell, 6, 8, 72, { masked: true, seed: 9 })));
    });
    simdNote = res[0].every((x, i) => allSame(x, res[1][i])) ? 'bitwise identical' : 'differ in the last bits';
  }
  native._setSimd('best');
  console.log(`[4d] determinism: same inputs twice -> bitwise identical (1 and 2 threads, all cells); 1 vs 2 threads bitwise identical (kernels and sgemm); avx512 vs avx2 results: ${simdNote}`);
}

// ---- 5. timing -------------------------------------------------------------------------------------

function timeIt(fn, minMs = 1500) {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  const times = [];
  const start = performance.now();
  while (performance.now() - start < minMs || times.length < 5) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return { median: times[times.length >> 1], min: times[0], n: times.length };
}

function benchmark() {
  const cells = [['lstm', 64, 32, 256], ['gru_after', 64, 32, 256], ['gru_before', 64, 32, 256], ['rnn_tanh', 64, 32, 256]];
  for (const threads of [1, 2]) {
    native.setThreads(threads);
    for (const [cell, T, B, H] of cells) {
      const p = makeProblem(cell, T, B, H, { seed: 1 });
      const f = nativeForward(p);
      const g = nativeBackward(p, f);
      const fwd = () => native.forward(cell, T, B, H, p.xp, p.h0, p.c0, p.whh, p.bhh, null, f.hs, f.cT, f.ws);
      const bwd = () => native.backward(cell, T, B, H, p.h0, p.c0, p.whh, p.bhh, null, f.hs, f.ws, p.dhs, p.dcT, g.dxp, g.dh0, g.dc0, g.dwhh, g.dbhh, null);
      const tf = timeIt(fwd, 800);
      const tb = timeIt(bwd, 800);
      const tfb = timeIt(() => { fwd(); bwd(); });
      console.log(`  ${cell.padEnd(10)} T=${T} B=${B} H=${H} threads=${threads}: forward ${tf.median.toFixed(2)} ms, backward ${tb.median.toFixed(2)} ms, forward+backward ${tfb.median.toFixed(2)} ms (min ${tfb.min.toFixed(2)}) = ${Math.round((T * B) / (tfb.median / 1000)).toLocaleString('en-US')} tokens/s (recurrence only)`);
    }
  }
}

// ---- main -------------------------------------------------------------------------------------------

const info = native.info();
console.log(`rnnlab_native v${info.version}: simd=${info.simd}, threads=${info.threads}, blas="${info.blas}" core=${info.blasCore} threads=${info.blasThreads} ${info.blasNote}`);
const initialThreads = native.getThreads();
if (process.argv.includes('--bench-only')) {
  // timings only (no checks): node check.mjs --bench-only
  console.log('[5] timing (median ms per call):');
  benchmark();
  process.exit(0);
}
native.setThreads(1);
checkReferenceGradients();
for (const level of ['avx512', 'avx2', 'baseline']) {
  let got;
  try {
    got = native._setSimd(level);
  } catch {
    console.log(`[2] ${level}: not supported by this CPU, skipped`);
    continue;
  }
  compareToReference(`${got}, 1 thread`);
}
native._setSimd('best');
checkFixtures();
checkViews();
checkBadArguments();
checkSgemm('1 thread');
native.setThreads(2);
checkSgemm('2 threads');
compareToReference(`${native.info().simd}, 2 threads`);
checkDeterminism();
native.setThreads(initialThreads);
console.log(`${checks - failures}/${checks} checks passed`);
if (bench) {
  console.log('[5] timing (median ms per call):');
  benchmark();
  native.setThreads(initialThreads);
}
if (failures > 0) {
  console.log(`${failures} FAILED`);
  process.exit(1);
}
console.log('OK');
