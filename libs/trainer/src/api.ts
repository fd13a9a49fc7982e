/**
 * The trainer's public API (implementations in train.ts, sample.ts, checkpoint.ts).
 */
import type { DoneEvent, RunConfig, TrainerListener } from '@rnnlab/contracts';

/** Which engine computes: `auto` picks the fastest available (native when issue #3 lands, else tfjs). */
export type EngineChoice = 'auto' | 'native' | 'tfjs';

export interface TrainOptions {
  engine?: EngineChoice;
  /** BLAS threads of the native engine (default: all cores; a worker running N jobs on C cores should use C/N) */
  threads?: number;
  /** where checkpoints go; none are written when absent */
  checkpointDir?: string;
  /** continue from the newest valid checkpoint in checkpointDir */
  resume?: boolean;
  listener?: TrainerListener;
  /** stop early (checkpointing first when a directory is set) */
  signal?: AbortSignal;
  /** stop after this many steps (for tests of resume); the run can be resumed later */
  stopAfter?: number;
}

export interface SampleOptions {
  /** a checkpoint file or a checkpoint directory (its newest checkpoint is used) */
  checkpoint: string;
  /** text to condition on (language models) or the source sequence (seq2seq) */
  prime?: string;
  /** tokens to generate (language models) / maximum output length (seq2seq) */
  length?: number;
  /** softmax temperature; lower is more conservative */
  temperature?: number;
  /** sample only among the k most likely tokens (0 = all) */
  topK?: number;
  /** seq2seq decoding: greedy or beam search with this width (1 = greedy) */
  beam?: number;
  seed?: number;
  engine?: EngineChoice;
  /** BLAS threads of the native engine (default: all cores) */
  threads?: number;
}

export type { DoneEvent, RunConfig };
