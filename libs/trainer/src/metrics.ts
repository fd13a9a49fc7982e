/**
 * Metric accumulators by task kind. Sums are accumulated over batches and reduced at the end, so a
 * metric over a split is exact regardless of batch sizes.
 *
 *   regression      mse
 *   classification  loss (nats), accuracy
 *   lm              loss (nats/token), perplexity = e^loss, bits_per_token = loss / ln 2 (bpc for char tokenizers)
 *   tagging         loss, accuracy (token accuracy over the mask), recall_accuracy (copy: over the recalled symbols)
 *   seq2seq         loss, token_accuracy (teacher-forced), sequence_accuracy (greedy decoding, exact match)
 *   generation      loss, accuracy, perplexity, bits_per_token (bpc for characters)
 */
import type { Metrics, TaskKind } from '@rnnlab/contracts';

export class MetricAccumulator {
  private sums = new Map<string, number>();
  private counts = new Map<string, number>();

  constructor(
    readonly kind: TaskKind,
    /** true when tokens are characters: report `bpc` */
    readonly charLevel = false,
  ) {}

  /** add `sum` over `count` items to a running mean */
  add(name: string, sum: number, count: number): void {
    this.sums.set(name, (this.sums.get(name) ?? 0) + sum);
    this.counts.set(name, (this.counts.get(name) ?? 0) + count);
  }

  mean(name: string): number {
    const c = this.counts.get(name) ?? 0;
    return c > 0 ? (this.sums.get(name) ?? 0) / c : Number.NaN;
  }

  result(): Metrics {
    const m: Metrics = {};
    for (const name of this.sums.keys()) m[name] = this.mean(name);
    if ((this.kind === 'lm' || this.kind === 'generation') && 'loss' in m) {
      m.perplexity = Math.exp(m.loss);
      m.bits_per_token = m.loss / Math.LN2;
      if (this.charLevel) m.bpc = m.bits_per_token;
    }
    return m;
  }
}

/** The metric early stopping and "best" refer to: lower is better. */
export function primaryMetric(kind: TaskKind): string {
  return kind === 'regression' ? 'mse' : 'loss';
}
