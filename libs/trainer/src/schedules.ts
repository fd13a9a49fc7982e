/**
 * Learning-rate schedules: linear warm-up, then constant, step decay or cosine annealing to 0.
 */
import type { TrainConfig } from '@rnnlab/contracts';

/**
 * The learning rate for optimizer step `step` (1-based).
 * @example learningRate({ lr: 1e-3, schedule: 'cosine', warmup: 100, steps: 1000, stepSize: 1, gamma: 1 }, 50) // 5e-4
 */
export function learningRate(
  cfg: Pick<TrainConfig, 'lr' | 'schedule' | 'warmup' | 'steps' | 'stepSize' | 'gamma'>,
  step: number,
): number {
  if (cfg.warmup > 0 && step <= cfg.warmup) return (cfg.lr * step) / cfg.warmup;
  const s = step - cfg.warmup;
  switch (cfg.schedule) {
    case 'constant':
      return cfg.lr;
    case 'step':
      return cfg.lr * cfg.gamma ** Math.floor(s / cfg.stepSize);
    case 'cosine': {
      const span = Math.max(1, cfg.steps - cfg.warmup);
      return 0.5 * cfg.lr * (1 + Math.cos((Math.PI * Math.min(s, span)) / span));
    }
  }
}
