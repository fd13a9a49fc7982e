import { beforeAll, describe, expect, it } from 'vitest';
import { CELLS, CONTEXT_MODES } from '@rnnlab/contracts';
import { initBackend } from './backend';
import { RecurrentModel } from './model';
import { ModelSpecSchema, TOPOLOGIES, type ModelSpecInput } from './model-spec';
import { expectedParamCount, expectedParamShapes } from './param-count';

/** Every cell × topology × input kind × depth (× context for encoder–decoder), tiny sizes. */
function allSpecs(): ModelSpecInput[] {
  const inputs = [
    { input: { kind: 'dense', features: 3 }, embed: 0 },
    { input: { kind: 'tokens', vocab: 7 }, embed: 0 },
    { input: { kind: 'tokens', vocab: 7 }, embed: 2 },
  ] as const;
  const out: ModelSpecInput[] = [];
  for (const cell of CELLS)
    for (const topology of TOPOLOGIES)
      for (const inp of inputs)
        for (const layers of [1, 3])
          for (const context of topology === 'encoder-decoder' ? CONTEXT_MODES : (['last'] as const)) {
            if (topology === 'encoder-decoder' && inp.input.kind === 'dense') continue; // rejected by the schema
            out.push({ cell, topology, layers, context, hidden: 3, outputSize: 5, ...inp });
          }
  // one-to-many generation: the fed-back token widens layer 0's input
  for (const cell of CELLS) out.push({ cell, topology: 'one-to-many', layers: 2, hidden: 3, outputSize: 5, input: { kind: 'dense', features: 2 }, feedback: 5 });
  return out;
}

describe('expectedParamCount / expectedParamShapes', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  const specs = allSpecs();
  it(`agree with new RecurrentModel(spec) for ${specs.length} specs`, () => {
    expect(specs.length).toBe(3 * (3 * 3 * 2 + 2 * 2 * 3) + 3); // cells × (3 topologies × inputs × depths + token inputs × depths × contexts), + feedback per cell
    expect(() => ModelSpecSchema.parse({ topology: 'encoder-decoder', input: { kind: 'dense', features: 3 }, outputSize: 5 })).toThrow(/reads token ids/);
    for (const input of specs) {
      const spec = ModelSpecSchema.parse(input);
      const model = new RecurrentModel(spec, 1);
      const label = JSON.stringify(input);
      try {
        expect(model.paramCount(), label).toBe(expectedParamCount(spec));
        expect([...model.params].map(([name, v]) => ({ name, shape: v.shape })), label).toEqual(expectedParamShapes(spec));
      } finally {
        model.dispose();
      }
    }
  });

  it('LSTM I=65, H=256, 1 layer + head V=65: nn.LSTM(65, 256) + nn.Linear(256, 65) = 347,457', () => {
    const spec = ModelSpecSchema.parse({ cell: 'lstm', hidden: 256, topology: 'many-to-many', input: { kind: 'tokens', vocab: 65 }, outputSize: 65 });
    const pytorch = 4 * 256 * (65 + 256) + 2 * 4 * 256 + 256 * 65 + 65;
    expect(pytorch).toBe(347_457);
    expect(expectedParamCount(spec)).toBe(pytorch);
    const model = new RecurrentModel(spec, 1);
    expect(model.paramCount()).toBe(pytorch);
    model.dispose();
  });

  it('matches PyTorch counts for nn.GRU(10, 20, num_layers=2) and nn.RNN(10, 20) (+ Linear(20, 1))', () => {
    const gru = ModelSpecSchema.parse({ cell: 'gru', layers: 2, hidden: 20, topology: 'many-to-one', input: { kind: 'dense', features: 10 }, outputSize: 1 });
    const rnn = ModelSpecSchema.parse({ cell: 'rnn', hidden: 20, topology: 'many-to-one', input: { kind: 'dense', features: 10 }, outputSize: 1 });
    // sum(p.numel() for p in nn.GRU(10, 20, num_layers=2).parameters()) == 4440; nn.RNN(10, 20): 640
    expect(expectedParamCount(gru)).toBe(4440 + 21);
    expect(expectedParamCount(rnn)).toBe(640 + 21);
  });

  it('counts embeddings, the decoder stack and the context parameters of an encoder–decoder', () => {
    const base = { cell: 'gru', hidden: 8, embed: 4, topology: 'encoder-decoder', input: { kind: 'tokens', vocab: 30 }, outputSize: 20 } as const;
    const stack = (I: number) => 3 * 8 * (I + 8) + 2 * 3 * 8;
    const last = 30 * 4 + stack(4) + 20 * 4 + stack(4) + 8 * 20 + 20;
    expect(expectedParamCount(ModelSpecSchema.parse({ ...base, context: 'last' }))).toBe(last);
    expect(expectedParamCount(ModelSpecSchema.parse({ ...base, context: 'transform' }))).toBe(last + 8 * 8 + 8);
    expect(expectedParamCount(ModelSpecSchema.parse({ ...base, context: 'attention' }))).toBe(last + 2 * 8 * 8 + 8);
  });
});
