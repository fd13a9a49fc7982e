/**
 * Token-by-token generation without tfjs: a recurrent model's step (embedding row, each layer's
 * recurrence for T = B = 1, the head) straight on the addon, over weights read once. At batch 1 a
 * tfjs op costs more than its arithmetic, so this is what makes sampling latency competitive.
 */
import type { RecurrentModel } from '@rnnlab/models';
import { loadAddon } from './addon';
import { nativeCell } from './native-recurrence';

export interface NativeStepper {
  /** feed one token id; returns the logits for the next token [V] (a view, valid until the next call) */
  step(id: number): Float32Array;
  /** back to the zero state */
  reset(): void;
}

/** A stepper for a many-to-many (language) model, or null when the native engine is unavailable. */
export function createNativeStepper(model: RecurrentModel): NativeStepper | null {
  const { addon } = loadAddon();
  if (!addon || model.spec.topology !== 'many-to-many' || model.spec.input.kind !== 'tokens') return null;
  const w = new Map(model.getWeights().map((x) => [x.name, { shape: x.shape, data: Float32Array.from(x.data) }]));
  const get = (name: string) => {
    const v = w.get(name);
    if (!v) throw new Error(`no parameter "${name}" in createNativeStepper()`);
    return v;
  };
  const { hidden: H, layers: L, embed: E } = model.spec;
  const cell = nativeCell(model.cellSpec);
  const hasCell = cell === 'lstm';
  const GH = get('rnn.weight_hh_l0').shape[1];
  const head = get('head.weight');
  const V = head.shape[1];
  const headBias = get('head.bias').data;
  const hs = Array.from({ length: L }, () => new Float32Array(H));
  const cs = Array.from({ length: L }, () => new Float32Array(hasCell ? H : 0));
  const hNext = new Float32Array(H);
  const cNext = new Float32Array(hasCell ? H : 0);
  const xp = new Float32Array(GH);
  const ws = new Float32Array(addon.workspaceSize(cell, 1, 1, H));
  const logits = new Float32Array(V);
  const emb = E > 0 ? get('embed.weight') : null;
  const vocab = model.spec.input.vocab;

  return {
    step(id: number): Float32Array {
      if (!Number.isInteger(id) || id < 0 || id >= vocab) throw new Error(`expected a token id in [0, ${vocab}) in NativeStepper.step(), got ${id}`);
      for (let l = 0; l < L; l++) {
        const wih = get(`rnn.weight_ih_l${l}`);
        xp.set(get(`rnn.bias_ih_l${l}`).data);
        if (l === 0 && !emb) {
          // one-hot input: a row of W_ih
          const row = wih.data.subarray(id * GH, (id + 1) * GH);
          for (let j = 0; j < GH; j++) xp[j] += row[j];
        } else {
          const x = l === 0 ? (emb as { data: Float32Array }).data.subarray(id * E, (id + 1) * E) : hs[l - 1];
          addon.sgemm(false, false, 1, GH, x.length, 1, x, x.length, wih.data, GH, 1, xp, GH); // [1, I] x [I, G*H] + xp
        }
        addon.forward(cell, 1, 1, H, xp, hs[l], hasCell ? cs[l] : null, get(`rnn.weight_hh_l${l}`).data, get(`rnn.bias_hh_l${l}`).data, null, hNext, hasCell ? cNext : null, ws);
        hs[l].set(hNext);
        if (hasCell) cs[l].set(cNext);
      }
      logits.set(headBias);
      addon.sgemm(false, false, 1, V, H, 1, hs[L - 1], H, head.data, V, 1, logits, V); // [1, H] x [H, V] + b
      return logits;
    },
    reset(): void {
      for (const h of hs) h.fill(0);
      for (const c of cs) c.fill(0);
    },
  };
}
