/**
 * `rnnlab train --json`: one JSON object per line, in the trainer's own event shapes. Step events
 * are throttled (about once a second, or every `logEvery` steps); start, warning, eval, diagnostics,
 * checkpoint and done events are always written, each preceded by the step it belongs to when the throttle held that
 * step back, and the done summary is the last line.
 */
import type {
  CheckpointEvent,
  DiagnosticsEvent,
  DoneEvent,
  EvalEvent,
  StartEvent,
  StepEvent,
  TrainerEvent,
  TrainerListener,
  WarningEvent,
} from '@rnnlab/contracts';
import { writeAndDrain, type Output } from './output';

export interface JsonLinesOptions {
  /** configured optimizer steps; the last step is always written */
  totalSteps: number;
  /** write every N-th step instead of throttling by time */
  logEvery?: number;
  /** minimum time between step lines when `logEvery` is not set */
  intervalMs?: number;
  now?: () => number;
}

export class JsonLinesPrinter implements TrainerListener {
  private lastWrittenAt = Number.NEGATIVE_INFINITY;
  private pending: StepEvent | null = null;
  private doneSeen = false;

  constructor(
    private readonly out: Output,
    private readonly opts: JsonLinesOptions,
  ) {}

  /** true once a done event has been written */
  get done(): boolean {
    return this.doneSeen;
  }

  async onStep(e: StepEvent): Promise<void> {
    const now = (this.opts.now ?? Date.now)();
    const due = this.opts.logEvery
      ? e.step % this.opts.logEvery === 0
      : now - this.lastWrittenAt >= (this.opts.intervalMs ?? 1000);
    if (due || e.step === 1 || e.step >= this.opts.totalSteps) {
      this.pending = null;
      this.lastWrittenAt = now;
      await this.write(e);
    } else {
      this.pending = e;
    }
  }

  onStart(e: StartEvent): Promise<void> {
    return this.write(e);
  }

  onWarning(e: WarningEvent): Promise<void> {
    return this.writeAfterPending(e);
  }

  onEval(e: EvalEvent): Promise<void> {
    return this.writeAfterPending(e);
  }

  onDiagnostics(e: DiagnosticsEvent): Promise<void> {
    return this.writeAfterPending(e);
  }

  onCheckpoint(e: CheckpointEvent): Promise<void> {
    return this.writeAfterPending(e);
  }

  onDone(e: DoneEvent): Promise<void> {
    this.doneSeen = true;
    return this.writeAfterPending(e);
  }

  /** Keep lines in step order: a held-back step comes before the events of that step (and before done). */
  private async writeAfterPending(e: TrainerEvent): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    if (pending) await this.write(pending);
    await this.write(e);
  }

  private write(e: TrainerEvent): Promise<void> {
    return writeAndDrain(this.out, `${JSON.stringify(e)}\n`);
  }
}
