/**
 * Diagnostics of vanishing and exploding gradients, on a fixed probe batch (no dropout, full BPTT):
 *   - global and per-layer gradient norms
 *   - ||∂L/∂h_t|| for every step t of every layer: how much the loss still "hears" step t, and the
 *     ratio ||∂L/∂h_1|| / ||∂L/∂h_T|| of the top layer (1e-9: vanishing)
 *   - the largest singular value of each gate's block of W_hh (and of all blocks stacked): > 1 allows
 *     explosion, < 1 forces decay in a vanilla RNN
 *   - the fraction of saturated gate activations (LSTM/GRU): saturated gates pass no gradient
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DiagnosticsEvent, LayerDiagnostics } from '@rnnlab/contracts';
import type { Batch } from '@rnnlab/datasets';
import { gateNamesOf, spectralNorm, type RecurrenceProbe, type RecurrentModel } from '@rnnlab/models';
import { globalNorm } from './clipping';
import { batchGradients } from './objectives';

/** Which recurrent stack the diagnostics look at: the encoder for seq2seq, else the only one. */
function stackPrefix(model: RecurrentModel): string {
  return model.spec.topology === 'encoder-decoder' ? 'encoder' : 'rnn';
}

export function diagnose(model: RecurrentModel, probe: Batch, step: number): DiagnosticsEvent {
  const L = model.spec.layers;
  const probes: RecurrenceProbe[] = Array.from({ length: L }, () => ({}));
  const r = batchGradients(model, probe, { training: false, rng: null, states: null, tbptt: 0, teacherForcing: 1, probes });
  try {
    const prefix = stackPrefix(model);
    const H = model.spec.hidden;
    const layers: LayerDiagnostics[] = [];
    for (let l = 0; l < L; l++) {
      const names = [...r.grads.keys()].filter((n) => n.startsWith(`${prefix}.`) && n.endsWith(`_l${l}`));
      const whh = model.p(`${prefix}.weight_hh_l${l}`);
      const w = whh.dataSync() as Float32Array;
      const GH = whh.shape[1] as number;
      layers.push({
        layer: l,
        gradNorm: globalNorm(names.map((n) => r.grads.get(n) as tf.Tensor)),
        // ours is [H, G*H] = W_hhᵀ in PyTorch's layout; transposition keeps singular values
        whhSpectralNorm: spectralNorm(w, H, GH),
        whhGateSpectralNorms: Object.fromEntries(gateNamesOf(model.spec.cell).map((g, i) => [g, spectralNorm(gateBlock(w, H, GH, i), H, H)])),
        saturation: probes[l].saturation ?? {},
        dhNorms: probes[l].dhNorms ?? [],
      });
    }
    const top = probes[L - 1].dhNorms ?? [];
    const last = top[top.length - 1];
    return {
      event: 'diagnostics',
      step,
      globalGradNorm: globalNorm(r.grads.values()),
      layers,
      dhNorms: top,
      dhRatio: top.length >= 2 && last > 0 ? top[0] / last : null,
    };
  } finally {
    tf.dispose([...r.grads.values()]);
  }
}

/** Columns [g*H, (g+1)*H) of a row-major [H, G*H] matrix: one gate's [H, H] block. */
function gateBlock(w: Float32Array, H: number, GH: number, g: number): Float32Array {
  const out = new Float32Array(H * H);
  for (let i = 0; i < H; i++) out.set(w.subarray(i * GH + g * H, i * GH + (g + 1) * H), i * H);
  return out;
}
