/**
 * When a run "solves" its task: a bar set by the task's trivial baseline (reported next to every
 * run's metrics), so that "RNN does not solve it" means something a reader can check.
 */
export interface SolvedRule {
  /** the rule in words, with the threshold */
  text: string;
  /** the validation metric the rule reads, and its direction */
  metric: string;
  lowerIsBetter: boolean;
  solved(val: Record<string, number>): boolean;
}

const fmt = (x: number) => (Math.abs(x) >= 0.01 ? x.toFixed(3) : x.toPrecision(2));

/** The rule for runs whose validation baseline is `baseline` (null when no rule applies). */
export function solvedRule(baseline: Record<string, number>): SolvedRule | null {
  if (baseline.mean_predictor_mse !== undefined) {
    const bar = baseline.mean_predictor_mse / 10;
    return { text: `mse below a tenth of the mean predictor's (${fmt(bar)})`, metric: 'mse', lowerIsBetter: true, solved: (v) => v.mse < bar };
  }
  if (baseline.bigram_bits_per_token !== undefined) {
    const bar = baseline.bigram_bits_per_token;
    return { text: `bits per token below the bigram model's (${fmt(bar)})`, metric: 'bits_per_token', lowerIsBetter: true, solved: (v) => v.bits_per_token < bar };
  }
  if (baseline.majority_accuracy !== undefined) {
    const bar = baseline.majority_accuracy + (1 - baseline.majority_accuracy) / 2;
    return { text: `accuracy closing half the gap from the majority class to 100% (${fmt(bar)})`, metric: 'accuracy', lowerIsBetter: false, solved: (v) => v.accuracy > bar };
  }
  if (baseline.memoryless_loss !== undefined) {
    // copy: the symbols recalled after the delay, not the blanks every model gets right
    return { text: 'accuracy on the recalled symbols above 90%', metric: 'recall_accuracy', lowerIsBetter: false, solved: (v) => v.recall_accuracy > 0.9 };
  }
  if (baseline.unigram_loss !== undefined) {
    return { text: 'sequence accuracy above 50%', metric: 'sequence_accuracy', lowerIsBetter: false, solved: (v) => v.sequence_accuracy > 0.5 };
  }
  return null;
}
