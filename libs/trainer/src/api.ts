/**
 * The trainer's public API (implementations in train.ts, sample.ts, checkpoint.ts).
 */
import type { DoneEvent, RunConfig, TrainerListener } from '@rnnlab/contracts';
import type { PreparedDataset } from '@rnnlab/datasets';
import type { Checkpoint } from './checkpoint';
import type { CheckpointStore } from './checkpoint-store';

/** Which engine computes: `auto` picks the fastest available (native when issue #3 lands, else tfjs). */
export type EngineChoice = 'auto' | 'native' | 'tfjs';

export interface TrainOptions {
  engine?: EngineChoice;
  /** BLAS threads of the native engine (default: all cores; a worker running N jobs on C cores should use C/N) */
  threads?: number;
  /** where checkpoints go, as a directory (a DirectoryCheckpoints); none are written when absent */
  checkpointDir?: string;
  /** where checkpoints go, any store (takes precedence over checkpointDir) */
  checkpoints?: CheckpointStore;
  /**
   * continue from the newest valid checkpoint of the store: `true` requires one (an empty or all-corrupt
   * store is an error), `'if-present'` starts a new run when there is none
   */
  resume?: boolean | 'if-present';
  /** continue from this checkpoint (already read by the caller, e.g. to take its config) */
  resumeFrom?: { ref: string; checkpoint: Checkpoint };
  /** also checkpoint when this many seconds have passed since the last checkpoint (workers: bounds what a crash loses) */
  checkpointEverySeconds?: number;
  /** refuse the run when its estimated memory exceeds this (default: 80% of the memory available) */
  maxMemoryBytes?: number;
  /** where maxMemoryBytes came from, for the refusal message (e.g. `--max-memory`) */
  maxMemorySource?: string;
  listener?: TrainerListener;
  /**
   * the run's data, already prepared (a worker loads it from the store); it must be what
   * `prepareDataset(config.task, dataSeedOf(config))` gives. Default: prepared here.
   */
  dataset?: PreparedDataset;
  /** stop within a step (checkpointing first when a store is set); the summary says `interrupted` */
  signal?: AbortSignal;
  /** stop after this many steps (for tests of resume); the run can be resumed later */
  stopAfter?: number;
  /**
   * successive halving (a sweep's trial): at each of `steps`, `decide` gets the validation metric
   * (the periodic evaluation's batches; lower is better) and says whether the run goes on; a stop
   * ends it like early stopping (checkpoint, final evaluation), with `stoppedAtRung` in its summary
   */
  rungs?: { steps: readonly number[]; decide(step: number, value: number): Promise<'continue' | 'stop'> };
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
  /** one-to-many (names-by-category): the category to generate from, and how many sequences (default 10) */
  category?: string;
  count?: number;
  seed?: number;
  engine?: EngineChoice;
  /** BLAS threads of the native engine (default: all cores) */
  threads?: number;
}

export type { DoneEvent, RunConfig };
