/**
 * Trainer events -> the store and the job's progress, about once a second rather than every step:
 * training losses are buffered and written in one batch per flush; evaluations, diagnostics and
 * checkpoints are written as they come. Every write is keyed (run, split, name, step), so a job that
 * runs twice cannot duplicate or change what the first attempt wrote.
 */
import type { DiagnosticsEvent, Metrics, TrainerListener, TrainProgress } from '@rnnlab/contracts';
import type { Store } from '@rnnlab/store';

export interface RecorderOptions {
  runId: string;
  attempt: number;
  host: string;
  totalSteps: number;
  /** job.updateProgress, throttled by the recorder */
  progress: (p: TrainProgress) => Promise<void>;
  flushMs?: number;
}

type Row = { step: number; split: 'train' | 'val' | 'test'; name: string; value: number };

export class RunRecorder implements TrainerListener {
  private rows: Row[] = [];
  private lastFlush = 0;
  private last: TrainProgress | null = null;
  resumedFromStep: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly o: RecorderOptions,
  ) {}

  async onStart(e: { resumedFromStep: number | null }): Promise<void> {
    this.resumedFromStep = e.resumedFromStep;
    const { runId, attempt, host } = this.o;
    await this.store.addEvent({ runId: runId,  attempt, kind: 'started', host, message: `attempt ${attempt} on ${host}, process ${process.pid}` });
    if (e.resumedFromStep !== null && e.resumedFromStep > 0) {
      await this.store.setResumedFromStep(runId, e.resumedFromStep);
      await this.store.addEvent({ runId: runId,  attempt, kind: 'resumed', step: e.resumedFromStep, host });
    }
  }

  async onWarning(e: { message: string }): Promise<void> {
    await this.store.addEvent({ runId: this.o.runId,  attempt: this.o.attempt, kind: 'warning', message: e.message });
  }

  async onStep(e: { step: number; loss: number; lr: number; gradNorm: number; tokensPerS: number }): Promise<void> {
    this.rows.push({ step: e.step, split: 'train', name: 'loss', value: e.loss }, { step: e.step, split: 'train', name: 'grad_norm', value: e.gradNorm });
    this.last = { step: e.step, totalSteps: this.o.totalSteps, loss: Number.isFinite(e.loss) ? e.loss : null, tokensPerS: e.tokensPerS, lr: e.lr, gradNorm: e.gradNorm };
    if (Date.now() - this.lastFlush >= (this.o.flushMs ?? 1000)) await this.flush();
  }

  async onEval(e: { step: number; split: string; metrics: Metrics; final?: boolean }): Promise<void> {
    if (e.final) return; // the final metrics go into the run row
    const split = e.split === 'test' ? 'test' : 'val';
    for (const [name, value] of Object.entries(e.metrics)) this.rows.push({ step: e.step, split, name, value });
    await this.flush();
  }

  async onDiagnostics(e: DiagnosticsEvent): Promise<void> {
    await this.store.addDiagnostics(this.o.runId, e);
  }

  async onCheckpoint(e: { step: number }): Promise<void> {
    await this.flush();
    await this.store.addEvent({ runId: this.o.runId,  attempt: this.o.attempt, kind: 'checkpoint', step: e.step });
  }

  /** Write buffered rows and report progress. */
  async flush(): Promise<void> {
    this.lastFlush = Date.now();
    const rows = this.rows.filter((r) => Number.isFinite(r.value));
    this.rows = [];
    if (rows.length) await this.store.addMetrics(this.o.runId, rows);
    if (this.last) await this.o.progress({ ...this.last, at: Date.now() });
  }
}
