/**
 * A float64 reference of the native recurrence kernels, for tests (not exported from the lib): the
 * equations of libs/models/src/cells/{rnn,lstm,gru}.ts, which the kernels mirror, computed one
 * (t, b) row at a time with no BLAS, no SIMD and no threads, and a hand-written BPTT. The addon is
 * compared with it in ../addon-recurrence.spec.ts; its own gradients are checked against central
 * finite differences in reference-bptt.spec.ts.
 *
 * Layouts are the addon's (../../native/rnn_kernels.h): time-major rows r = t*B + b, W_hh as [H, G*H],
 * gates in PyTorch order. With a_t = xp_t + h_{t-1} W_hh + b_hh                  [B, G*H]:
 *   rnn_tanh / rnn_relu   h' = tanh(a) / max(0, a)
 *   lstm                  i, f, g, o = σ, σ, tanh, σ (a);  c' = f ⊙ c_{t-1} + i ⊙ g;  h' = o ⊙ tanh(c')
 *   gru_after             r, z = σ(a_r), σ(a_z);  n = tanh(xp_n + r ⊙ (h_{t-1} W_hn + b_hn))
 *   gru_before            r, z as above;          n = tanh(xp_n + (r ⊙ h_{t-1}) W_hn + b_hn)
 *   (both GRUs)           h' = (1 − z) ⊙ n + z ⊙ h_{t-1}
 * Masking, m = mask[r] (1 = real step, 0 = padding; fractions allowed):
 *   h_t = h_{t-1} + m (h' − h_{t-1}),  c_t = c_{t-1} + m (c' − c_{t-1})
 */
import type { NativeCell } from '../addon';

export const CELLS: readonly NativeCell[] = ['rnn_tanh', 'rnn_relu', 'lstm', 'gru_after', 'gru_before'];

/** G, the gates per hidden unit. */
export const GATES: Readonly<Record<NativeCell, number>> = { rnn_tanh: 1, rnn_relu: 1, lstm: 4, gru_after: 3, gru_before: 3 };

type Values = ArrayLike<number>;

/** One problem in the addon's layouts (float32 or float64 values). */
export interface ReferenceInputs {
  cell: NativeCell;
  T: number;
  B: number;
  H: number;
  /** [T*B, G*H] input projection x W_ih + b_ih */
  xp: Values;
  /** [B, H] */
  h0: Values;
  /** [B, H], lstm only */
  c0: Values | null;
  /** [H, G*H] */
  whh: Values;
  /** [G*H] */
  bhh: Values;
  /** [T*B] or null (every step real) */
  mask: Values | null;
}

/** Upstream gradients: dL/dh_t for every step (dL/dh_T included) and, for the LSTM, dL/dc_T. */
export interface ReferenceUpstream {
  /** [T*B, H] */
  dhs: Values;
  /** [B, H], lstm only */
  dcT: Values | null;
}

export interface ReferenceForward {
  /** [T*B, H] h_1..h_T, masked */
  hs: Float64Array;
  /** [B, H] lstm c_T, else null */
  cT: Float64Array | null;
  /** [T*B, G*H] activated gates */
  gates: Float64Array;
  /** [T*B, H] lstm: tanh(c'), before masking (else empty) */
  tanhC: Float64Array;
  /** [T*B, H] lstm: c_{t-1} (else empty) */
  cPrev: Float64Array;
  /** [T*B, H] gru_after: h_{t-1} W_hn + b_hn (else empty) */
  hWn: Float64Array;
  /** [T*B, H] gru_before: r ⊙ h_{t-1} (else empty) */
  rh: Float64Array;
  /** the addon's workspace: gates, then [tanhC, cPrev] (lstm), hWn (gru_after) or rh (gru_before) */
  ws: Float64Array;
}

export interface ReferenceGrads {
  /** [T*B, G*H] */
  dxp: Float64Array;
  /** [B, H] */
  dh0: Float64Array;
  /** [B, H] lstm, else null */
  dc0: Float64Array | null;
  /** [H, G*H] */
  dwhh: Float64Array;
  /** [G*H] */
  dbhh: Float64Array;
  /** [T] ||dL/dh_t||_F, the total gradient reaching h_t (upstream + through step t+1) */
  dhNorms: Float64Array;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** bias[c0..c1) + v W[:, c0..c1):  [H] x [H, ld] -> [c1 - c0] */
function rowTimesMatrix(v: Values, W: Values, bias: Values, ld: number, c0: number, c1: number): Float64Array {
  const out = new Float64Array(c1 - c0);
  for (let k = c0; k < c1; k++) {
    let s = bias[k];
    for (let j = 0; j < v.length; j++) s += v[j] * W[j * ld + k];
    out[k - c0] = s;
  }
  return out;
}

/** The whole-sequence forward, saving what the backward needs (the addon's workspace, in float64). */
export function referenceForward(p: ReferenceInputs): ReferenceForward {
  const { cell, T, B, H } = p;
  const GH = GATES[cell] * H;
  const N = T * B * H;
  const gates = new Float64Array(T * B * GH); // [T*B, G*H]
  const tanhC = new Float64Array(cell === 'lstm' ? N : 0);
  const cPrev = new Float64Array(cell === 'lstm' ? N : 0);
  const hWn = new Float64Array(cell === 'gru_after' ? N : 0);
  const rh = new Float64Array(cell === 'gru_before' ? N : 0);
  const hs = new Float64Array(N);
  let h = Float64Array.from(p.h0); // [B, H]
  let c = cell === 'lstm' && p.c0 ? Float64Array.from(p.c0) : null; // [B, H]
  for (let t = 0; t < T; t++) {
    const hNext = new Float64Array(B * H);
    const cNext = c ? new Float64Array(B * H) : null;
    for (let b = 0; b < B; b++) {
      const r = t * B + b;
      const m = p.mask ? p.mask[r] : 1;
      const x = (k: number): number => p.xp[r * GH + k];
      const hPrev = h.subarray(b * H, (b + 1) * H); // [H]
      const hw = rowTimesMatrix(hPrev, p.whh, p.bhh, GH, 0, GH); // [H] x [H, G*H] -> [G*H]
      const g = gates.subarray(r * GH, (r + 1) * GH); // [G*H]
      const hNew = new Float64Array(H); // h' before masking
      const cNew = new Float64Array(c ? H : 0); // c' before masking
      if (cell === 'rnn_tanh' || cell === 'rnn_relu') {
        for (let k = 0; k < H; k++) {
          const a = x(k) + hw[k];
          g[k] = cell === 'rnn_tanh' ? Math.tanh(a) : Math.max(0, a);
          hNew[k] = g[k];
        }
      } else if (cell === 'lstm') {
        if (!c) throw new Error('expected c0 for the lstm in referenceForward()');
        for (let k = 0; k < H; k++) {
          // gates
          const i = (g[k] = sigmoid(x(k) + hw[k]));
          const f = (g[H + k] = sigmoid(x(H + k) + hw[H + k]));
          const gg = (g[2 * H + k] = Math.tanh(x(2 * H + k) + hw[2 * H + k]));
          const o = (g[3 * H + k] = sigmoid(x(3 * H + k) + hw[3 * H + k]));
          // cell update
          cPrev[r * H + k] = c[b * H + k];
          cNew[k] = f * c[b * H + k] + i * gg;
          tanhC[r * H + k] = Math.tanh(cNew[k]);
          // output
          hNew[k] = o * tanhC[r * H + k];
        }
      } else {
        for (let k = 0; k < 2 * H; k++) g[k] = sigmoid(x(k) + hw[k]); // r, z
        let hn: Float64Array; // [H] the hidden-side term inside n
        if (cell === 'gru_after') {
          hn = hw.subarray(2 * H); // h_{t-1} W_hn + b_hn, to be gated by r
          hWn.set(hn, r * H);
          for (let k = 0; k < H; k++) g[2 * H + k] = Math.tanh(x(2 * H + k) + g[k] * hn[k]);
        } else {
          const rhRow = rh.subarray(r * H, (r + 1) * H); // [H]
          for (let k = 0; k < H; k++) rhRow[k] = g[k] * hPrev[k];
          hn = rowTimesMatrix(rhRow, p.whh, p.bhh, GH, 2 * H, GH); // [H] x [H, H] -> [H]
          for (let k = 0; k < H; k++) g[2 * H + k] = Math.tanh(x(2 * H + k) + hn[k]);
        }
        // output
        for (let k = 0; k < H; k++) hNew[k] = (1 - g[H + k]) * g[2 * H + k] + g[H + k] * hPrev[k];
      }
      // masked carry
      for (let k = 0; k < H; k++) {
        hNext[b * H + k] = hPrev[k] + m * (hNew[k] - hPrev[k]);
        if (c && cNext) cNext[b * H + k] = c[b * H + k] + m * (cNew[k] - c[b * H + k]);
      }
    }
    hs.set(hNext, t * B * H);
    h = hNext;
    c = cNext;
  }
  const ws = concat(cell === 'lstm' ? [gates, tanhC, cPrev] : cell === 'gru_after' ? [gates, hWn] : cell === 'gru_before' ? [gates, rh] : [gates]);
  return { hs, cT: c, gates, tanhC, cPrev, hWn, rh, ws };
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of parts) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

/**
 * Hand-written BPTT from the forward's saved values: the gradients of
 * L = Σ hs ⊙ dhs (+ Σ c_T ⊙ dcT) with respect to xp, h0, c0, W_hh and b_hh.
 */
export function referenceBackward(p: ReferenceInputs, f: ReferenceForward, up: ReferenceUpstream): ReferenceGrads {
  const { cell, T, B, H } = p;
  const GH = GATES[cell] * H;
  const dxp = new Float64Array(T * B * GH);
  const dwhh = new Float64Array(H * GH);
  const dbhh = new Float64Array(GH);
  const dhNorms = new Float64Array(T);
  // W_hh columns that multiply h_{t-1}: all but gru_before's n columns, which multiply r ⊙ h_{t-1}
  const hCols = cell === 'gru_before' ? 2 * H : GH;
  let dh = new Float64Array(B * H); // dL/dh_t through step t+1
  let dc = cell === 'lstm' && up.dcT ? Float64Array.from(up.dcT) : null; // dL/dc_t
  for (let t = T - 1; t >= 0; t--) {
    const dhPrev = new Float64Array(B * H);
    const dcPrev = dc ? new Float64Array(B * H) : null;
    let sq = 0;
    for (let b = 0; b < B; b++) {
      const r = t * B + b;
      const m = p.mask ? p.mask[r] : 1;
      const hPrev = (j: number): number => (t === 0 ? p.h0[b * H + j] : f.hs[((t - 1) * B + b) * H + j]);
      const gate = (k: number): number => f.gates[r * GH + k];
      const dZ = new Float64Array(GH); // dL/da, input side (dxp)
      const dZh = new Float64Array(GH); // what W_hh and b_hh see (differs for gru_after's n)
      const direct = new Float64Array(H); // dL/dh_{t-1} not through W_hh
      for (let k = 0; k < H; k++) {
        const d = up.dhs[r * H + k] + dh[b * H + k]; // total dL/dh_t
        sq += d * d;
        const dNew = m * d; // dL/dh'
        direct[k] = d - dNew; // the carried (1 − m) part
        if (cell === 'rnn_tanh') dZ[k] = dNew * (1 - gate(k) ** 2);
        else if (cell === 'rnn_relu') dZ[k] = gate(k) > 0 ? dNew : 0;
        else if (cell === 'lstm' && dc && dcPrev) {
          const [i, ff, gg, o] = [gate(k), gate(H + k), gate(2 * H + k), gate(3 * H + k)];
          const tc = f.tanhC[r * H + k];
          const dcNew = m * dc[b * H + k] + dNew * o * (1 - tc * tc); // dL/dc'
          dZ[k] = dcNew * gg * i * (1 - i);
          dZ[H + k] = dcNew * f.cPrev[r * H + k] * ff * (1 - ff);
          dZ[2 * H + k] = dcNew * i * (1 - gg * gg);
          dZ[3 * H + k] = dNew * tc * o * (1 - o);
          dcPrev[b * H + k] = dcNew * ff + (1 - m) * dc[b * H + k];
        } else {
          const [rg, z, n] = [gate(k), gate(H + k), gate(2 * H + k)];
          const dan = dNew * (1 - z) * (1 - n * n); // dL/d(n's pre-activation)
          dZ[H + k] = dNew * (hPrev(k) - n) * z * (1 - z);
          dZ[2 * H + k] = dan;
          direct[k] += dNew * z;
          if (cell === 'gru_after') {
            dZ[k] = dan * f.hWn[r * H + k] * rg * (1 - rg);
            dZh[2 * H + k] = dan * rg;
          }
        }
      }
      if (cell === 'gru_before') {
        // d(r ⊙ h_{t-1}) = dan W_hnᵀ:  [H] x [H, H]ᵀ -> [H]
        for (let j = 0; j < H; j++) {
          let s = 0;
          for (let k = 0; k < H; k++) s += dZ[2 * H + k] * p.whh[j * GH + 2 * H + k];
          const rg = gate(j);
          dZ[j] = s * hPrev(j) * rg * (1 - rg);
          direct[j] += s * rg;
        }
      }
      for (let k = 0; k < GH; k++) {
        if (!(cell === 'gru_after' && k >= 2 * H)) dZh[k] = dZ[k];
        dxp[r * GH + k] = dZ[k];
        dbhh[k] += dZh[k];
      }
      // dh_{t-1} = direct + dZh W_hhᵀ;  dW_hh += h_{t-1}ᵀ dZh  (gru_before's n columns: (r ⊙ h_{t-1})ᵀ dZh)
      for (let j = 0; j < H; j++) {
        let s = direct[j];
        for (let k = 0; k < hCols; k++) {
          s += dZh[k] * p.whh[j * GH + k];
          dwhh[j * GH + k] += hPrev(j) * dZh[k];
        }
        for (let k = hCols; k < GH; k++) dwhh[j * GH + k] += f.rh[r * H + j] * dZh[k];
        dhPrev[b * H + j] = s;
      }
    }
    dhNorms[t] = Math.sqrt(sq);
    dh = dhPrev;
    dc = dcPrev;
  }
  return { dxp, dh0: dh, dc0: dc, dwhh, dbhh, dhNorms };
}
