/**
 * A model's full architecture: the user-facing ModelConfig plus what the task decides
 * (topology, input kind and sizes, output size).
 */
import { z } from 'zod';
import { ModelConfigSchema } from '@rnnlab/contracts';

export const TOPOLOGIES = ['many-to-one', 'many-to-many', 'one-to-many', 'encoder-decoder'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

export const ModelSpecSchema = ModelConfigSchema.extend({
  /** how inputs and outputs line up in time */
  topology: z.enum(TOPOLOGIES),
  /** one-to-many: the input only at the first step ('first') or repeated at every step ('every') */
  oneToMany: z.enum(['first', 'every']).default('first'),
  /**
   * one-to-many generation: the previous output token (of a vocabulary of this size) is fed back
   * next to the input at every step; 0 = the pure form, nothing fed back
   */
  feedback: z.number().int().min(0).max(1_000_000).default(0),
  /** dense features I (regression tasks), or token ids from a vocabulary of V */
  input: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('dense'), features: z.number().int().min(1).max(1_000_000) }).strict(),
    z.object({ kind: z.literal('tokens'), vocab: z.number().int().min(1).max(1_000_000) }).strict(),
  ]),
  /** head size: regression outputs O, classes C, or vocabulary V (for encoder–decoder: target V) */
  outputSize: z.number().int().min(1).max(1_000_000),
})
  .strict()
  .refine((s) => s.topology !== 'encoder-decoder' || s.input.kind === 'tokens', {
    message: 'an encoder-decoder reads token ids: expected input.kind "tokens"',
    path: ['input', 'kind'],
  })
  .refine((s) => s.feedback === 0 || (s.topology === 'one-to-many' && s.input.kind === 'dense'), {
    message: 'feedback applies to a one-to-many model with a dense input',
    path: ['feedback'],
  });
export type ModelSpec = z.infer<typeof ModelSpecSchema>;
export type ModelSpecInput = z.input<typeof ModelSpecSchema>;

/** A small LSTM language model over 65 symbols: the shape of the PyTorch yardstick. */
export const DEFAULT_MODEL_SPEC: ModelSpec = ModelSpecSchema.parse({
  topology: 'many-to-many',
  input: { kind: 'tokens', vocab: 65 },
  outputSize: 65,
});
