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
  /** the end-of-run evaluation over the whole split (periodic ones use train.evalBatches batches) */
  final?: boolean;
}

export interface LayerDiagnostics {
  /** layer index, 0 = closest to the input */
  layer: number;
  /** L2 norm of all gradients of this layer's parameters */
  gradNorm: number;
  /** largest singular value of W_hh with all gate blocks stacked ([G*H, H]); see whhGateSpectralNorms */
  whhSpectralNorm: number;
  /**
   * largest singular value of each gate's own [H, H] block of W_hh, by gate name (rnn: h; lstm: i, f,
   * g, o; gru: r, z, n). The stacked value of a fresh orthogonal LSTM is 2 (√4 blocks of norm 1); each
   * block is 1 — the per-gate values are the ones to read against "> 1 explodes, < 1 vanishes".
   */
  whhGateSpectralNorms: Record<string, number>;
  /** fraction of gate activations saturated (sigmoid < 0.05 or > 0.95, tanh |x| > 0.95), per gate name */
  saturation: Record<string, number>;
  /** ||dL/dh_t|| of this layer's hidden state for t = 1..T (index 0 is t = 1), averaged over the batch */
  dhNorms: number[];
}

export interface DiagnosticsEvent {
  event: 'diagnostics';
  step: number;
  globalGradNorm: number;
  layers: LayerDiagnostics[];
  /** the top recurrent layer's ||dL/dh_t|| for t = 1..T (the same as layers[L-1].dhNorms) */
  dhNorms: number[];
  /**
   * ||dL/dh_1|| / ||dL/dh_T|| of the top layer: how much of the gradient at the last step still
   * reaches the first (1e-9: vanishing; > 1: exploding). Null when T < 2 or ||dL/dh_T|| is 0.
   */
  dhRatio: number | null;
}

/** What a run is about to do: sent once, before the first step. */
export interface StartEvent {
  event: 'start';
  dataset: {
    name: string;
    kind: string;
    /** one line with split sizes and vocabulary */
    describe: string;
    /** examples (or tokens for language-model streams) per split */
    sizes: Record<'train' | 'val' | 'test', number>;
    /** input vocabulary size for token tasks */
    vocab?: number;
  };
  params: number;
  engine: string;
  /** estimated peak memory of the run and the limit it was checked against, in bytes */
  memory: { estimateBytes: number; limitBytes: number };
  /** the checkpoint step this run continues from, or null for a new run */
  resumedFromStep: number | null;
  totalSteps: number;
}

/** Something the user should know that does not stop the run (e.g. a corrupt checkpoint skipped). */
export interface WarningEvent {
  event: 'warning';
  message: string;
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
  /** a sweep's trial stopped by successive halving at this rung (stoppedEarly is true too) */
  stoppedAtRung?: number;
  /**
   * the step with the best validation score (periodic evaluations and the final step); with early
   * stopping (patience > 0) the run ends with that step's weights
   */
  bestStep: number;
  /** stopped by a signal or an abort before its last step (a checkpoint was written when configured) */
  interrupted: boolean;
}

export type TrainerEvent = StartEvent | WarningEvent | StepEvent | EvalEvent | DiagnosticsEvent | CheckpointEvent | DoneEvent;

/** Implement any subset; the trainer awaits each call, so a slow listener applies back-pressure. */
export interface TrainerListener {
  onStart?(e: StartEvent): void | Promise<void>;
  onWarning?(e: WarningEvent): void | Promise<void>;
  onStep?(e: StepEvent): void | Promise<void>;
  onEval?(e: EvalEvent): void | Promise<void>;
  onDiagnostics?(e: DiagnosticsEvent): void | Promise<void>;
  onCheckpoint?(e: CheckpointEvent): void | Promise<void>;
  onDone?(e: DoneEvent): void | Promise<void>;
}
