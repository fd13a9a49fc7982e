import { describe, expect, it } from 'vitest';
import { solvedRule } from './solved';

describe('solvedRule', () => {
  it('adding: a tenth of the mean predictor', () => {
    const r = solvedRule({ mean_predictor_mse: 0.17 });
    expect(r).toMatchObject({ metric: 'mse', lowerIsBetter: true, text: "mse below a tenth of the mean predictor's (0.017)" });
    expect([r?.solved({ mse: 0.0169 }), r?.solved({ mse: 0.0171 })]).toEqual([true, false]);
  });
  it('copy: the recalled symbols, above 90%', () => {
    const r = solvedRule({ memoryless_loss: 0.2, memoryless_accuracy: 0.6 });
    expect(r).toMatchObject({ metric: 'recall_accuracy', lowerIsBetter: false });
    // a model that outputs blanks has a low loss and a high token accuracy, and recalls nothing
    expect([r?.solved({ loss: 0.05, accuracy: 0.8, recall_accuracy: 0.12 }), r?.solved({ loss: 0.01, recall_accuracy: 0.95 })]).toEqual([false, true]);
  });
  it('language models against the bigram model, classifiers against the majority class, seq2seq on exact matches', () => {
    expect(solvedRule({ bigram_bits_per_token: 2 })?.solved({ bits_per_token: 1.9 })).toBe(true);
    expect(solvedRule({ majority_accuracy: 0.8 })?.solved({ accuracy: 0.89 })).toBe(false);
    expect(solvedRule({ unigram_loss: 3 })?.solved({ sequence_accuracy: 0.51 })).toBe(true);
    expect(solvedRule({})).toBeNull();
  });
});
