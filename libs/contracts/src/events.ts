/**
 * How progress leaves the trainer: typed events, consumed by the CLI printer now and by workers later.
 * Field names are part of the `--json` output format.
 */

export interface StepEvent {
  event: 'step';
  step: number;
  loss: number;
  lr: number;
  /** global gradient L2 norm before clipping */
  gradNorm: number;
  /** tokens (time steps x batch) processed per second, smoothed */
  tokensPerS: number;
  elapsedMs: number;
}

export type Metrics = Record<string, number>;

export interface EvalEvent {
  event: 'eval';
  step: number;
  split: 'val' | 'test';
  metrics: Metrics;
}

export interface LayerDiagnostics {
  /** layer index, 0 = closest to the input */
  layer: number;
  /** L2 norm of all gradients of this layer's parameters */
  gradNorm: number;
  /** largest singular value of W_hh (all gate blocks stacked, [G*H, H]) */
  whhSpectralNorm: number;
  /** fraction of gate activations saturated (sigmoid < 0.05 or > 0.95, tanh |x| > 0.95), per gate name */
  saturation: Record<string, number>;
}

export interface DiagnosticsEvent {
  event: 'diagnostics';
  step: number;
  globalGradNorm: number;
  layers: LayerDiagnostics[];
  /** ||dL/dh_t|| of the top recurrent layer for t = 0..T-1 (averaged over the batch) */
  dhNorms: number[];
}

export interface CheckpointEvent {
  event: 'checkpoint';
  step: number;
  path: string;
  sha256: string;
}

export interface DoneEvent {
  event: 'done';
  steps: number;
  val: Metrics;
  test: Metrics;
  /** reference points on the validation split, e.g. an add-one bigram model for language models */
  baseline?: Metrics;
  params: number;
  tokens_per_s: number;
  elapsedMs: number;
  stoppedEarly: boolean;
  bestStep: number;
}

export type TrainerEvent = StepEvent | EvalEvent | DiagnosticsEvent | CheckpointEvent | DoneEvent;

/** Implement any subset; the trainer awaits each call, so a slow listener applies back-pressure. */
export interface TrainerListener {
  onStep?(e: StepEvent): void | Promise<void>;
  onEval?(e: EvalEvent): void | Promise<void>;
  onDiagnostics?(e: DiagnosticsEvent): void | Promise<void>;
  onCheckpoint?(e: CheckpointEvent): void | Promise<void>;
  onDone?(e: DoneEvent): void | Promise<void>;
}
