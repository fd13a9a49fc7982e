/**
 * Diagnostics of vanishing and exploding gradients, on a fixed probe batch (no dropout, full BPTT):
 *   - global and per-layer gradient norms
 *   - ||∂L/∂h_t|| for every step t of the top layer: how much the loss still "hears" step t
 *   - the largest singular value of each W_hh: > 1 allows explosion, < 1 forces decay in a vanilla RNN
 *   - the fraction of saturated gate activations (LSTM/GRU): saturated gates pass no gradient
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DiagnosticsEvent, LayerDiagnostics } from '@rnnlab/contracts';
import type { Batch } from '@rnnlab/datasets';
import { spectralNorm, type RecurrenceProbe, type RecurrentModel } from '@rnnlab/models';
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
      layers.push({
        layer: l,
        gradNorm: globalNorm(names.map((n) => r.grads.get(n) as tf.Tensor)),
        // ours is [H, G*H] = W_hhᵀ in PyTorch's layout; transposition keeps singular values
        whhSpectralNorm: spectralNorm(whh.dataSync() as Float32Array, H, whh.shape[1] as number),
        saturation: probes[l].saturation ?? {},
      });
    }
    return {
      event: 'diagnostics',
      step,
      globalGradNorm: globalNorm(r.grads.values()),
      layers,
      dhNorms: probes[L - 1].dhNorms ?? [],
    };
  } finally {
    tf.dispose([...r.grads.values()]);
  }
}
