/**
 * Parameter shapes and counts of a RecurrentModel, computed from its spec alone (no tensors).
 *
 * Counts follow PyTorch's conventions, so they can be compared with `sum(p.numel() for p in m.parameters())`
 * of the equivalent nn.RNN / nn.LSTM / nn.GRU + nn.Linear: two bias vectors per layer (b_ih and b_hh).
 *
 *   recurrent layer l:  G*H*(I_l + H) + 2*G*H      (I_0 = input size, I_l = H above)
 *   embedding:          V*E                         (tokens with embed E > 0; E = 0 means one-hot, I_0 = V)
 *   head:               H*O + O
 *   encoder–decoder:    a second stack for the decoder (input E or the target vocabulary O), plus
 *                       decoder embedding O*E, context 'transform' H*H + H, 'attention' 2H*H + H
 */
import { gatesOf } from './recurrence';
import type { ModelSpec } from './model-spec';

/** One parameter's name and shape, in the order RecurrentModel creates them. */
export interface ParamShape {
  name: string;
  shape: number[];
}

/** Input size of the first recurrent layer: dense features, the embedding size, or one-hot V. */
function stackInputSize(spec: ModelSpec): number {
  if (spec.input.kind === 'dense') return spec.input.features + spec.feedback;
  return spec.embed > 0 ? spec.embed : spec.input.vocab;
}

/**
 * The parameters `new RecurrentModel(spec)` creates: names, shapes, and order.
 * Weights are stored [in, out] (transposed relative to PyTorch's [out, in]).
 * @example expectedParamShapes(spec).find((p) => p.name === 'rnn.weight_hh_l0') // { shape: [H, G*H] }
 */
export function expectedParamShapes(spec: ModelSpec): ParamShape[] {
  const H = spec.hidden;
  const GH = gatesOf(spec.cell) * H;
  const out: ParamShape[] = [];
  const stack = (prefix: string, inputSize: number) => {
    for (let l = 0; l < spec.layers; l++) {
      out.push({ name: `${prefix}.weight_ih_l${l}`, shape: [l === 0 ? inputSize : H, GH] });
      out.push({ name: `${prefix}.weight_hh_l${l}`, shape: [H, GH] });
      out.push({ name: `${prefix}.bias_ih_l${l}`, shape: [GH] });
      out.push({ name: `${prefix}.bias_hh_l${l}`, shape: [GH] });
    }
  };
  if (spec.input.kind === 'tokens' && spec.embed > 0) out.push({ name: 'embed.weight', shape: [spec.input.vocab, spec.embed] });
  const encDec = spec.topology === 'encoder-decoder';
  stack(encDec ? 'encoder' : 'rnn', stackInputSize(spec));
  if (encDec) {
    const V = spec.outputSize;
    if (spec.embed > 0) out.push({ name: 'decoder_embed.weight', shape: [V, spec.embed] });
    stack('decoder', spec.embed > 0 ? spec.embed : V);
    if (spec.context === 'transform') out.push({ name: 'context.weight', shape: [H, H] }, { name: 'context.bias', shape: [H] });
    if (spec.context === 'attention') out.push({ name: 'attention.weight', shape: [2 * H, H] }, { name: 'attention.bias', shape: [H] });
  }
  out.push({ name: 'head.weight', shape: [H, spec.outputSize] }, { name: 'head.bias', shape: [spec.outputSize] });
  return out;
}

/**
 * Total trainable scalars of `new RecurrentModel(spec)`, in closed form (see the module doc).
 * @example expectedParamCount(lstm65x256) // 4*256*(65+256) + 2*4*256 + 256*65 + 65 = 347_457
 */
export function expectedParamCount(spec: ModelSpec): number {
  const { hidden: H, layers: L, embed: E, outputSize: O } = spec;
  const G = gatesOf(spec.cell);
  // a stack of L layers: the first reads I, the others read H
  const stack = (I: number) => G * H * (I + H) + 2 * G * H + (L - 1) * (G * H * (H + H) + 2 * G * H);
  let n = stack(stackInputSize(spec));
  if (spec.input.kind === 'tokens' && E > 0) n += spec.input.vocab * E;
  if (spec.topology === 'encoder-decoder') {
    n += stack(E > 0 ? E : O) + (E > 0 ? O * E : 0);
    if (spec.context === 'transform') n += H * H + H;
    if (spec.context === 'attention') n += 2 * H * H + H;
  }
  return n + H * O + O;
}
