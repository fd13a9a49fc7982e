/**
 * Human-readable training output. On a terminal: one progress line redrawn in place with `\r`
 * (step/total, bar, loss, lr, tokens/s, ETA), with eval, diagnostics and checkpoint lines printed
 * above it and a summary table at the end. Elsewhere (a pipe, a log file): a plain line every
 * `logEvery` steps (default: about 20 lines per run).
 */
import type {
  CheckpointEvent,
  DiagnosticsEvent,
  DoneEvent,
  EvalEvent,
  Metrics,
  StartEvent,
  StepEvent,
  TrainerListener,
  WarningEvent,
} from '@rnnlab/contracts';
import { describeDhRatio } from './diagnostics-reading';
import { formatBytes as fmtBytes } from '@rnnlab/trainer';
import { fmtCount, fmtDuration, fmtNum, formatTable } from './format';
import { writeAndDrain, type Output } from './output';

export interface ProgressOptions {
  totalSteps: number;
  /** redraw a progress line (terminal) or print plain lines */
  tty: boolean;
  /** terminal width; the progress line is cut to fit */
  columns?: number;
  /** plain mode: print every N steps */
  logEvery?: number;
  /** terminal mode: minimum time between redraws */
  redrawMs?: number;
  now?: () => number;
}

const BAR_WIDTH = 24;
const CLEAR_LINE = '\r\x1b[K';

export class ProgressPrinter implements TrainerListener {
  private barShown = false;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private first: { step: number; at: number } | null = null;
  private doneSeen = false;
  private readonly plainEvery: number;

  constructor(
    private readonly out: Output,
    private readonly opts: ProgressOptions,
  ) {
    this.plainEvery = opts.logEvery ?? Math.max(1, Math.round(opts.totalSteps / 20));
  }

  get done(): boolean {
    return this.doneSeen;
  }

  async onStep(e: StepEvent): Promise<void> {
    const now = this.now();
    if (!this.first) this.first = { step: e.step, at: now };
    const last = e.step >= this.opts.totalSteps;
    if (this.opts.tty) {
      if (!last && now - this.lastDrawAt < (this.opts.redrawMs ?? 100)) return;
      this.lastDrawAt = now;
      this.barShown = true;
      await writeAndDrain(this.out, CLEAR_LINE + this.fit(this.progressLine(e, now)));
    } else if (e.step === 1 || last || e.step % this.plainEvery === 0) {
      const eta = this.eta(e.step, now);
      const parts = [
        `step ${e.step}/${this.opts.totalSteps}`,
        `loss ${fmtNum(e.loss)}`,
        `lr ${fmtNum(e.lr)}`,
        `grad ${fmtNum(e.gradNorm)}`,
        `${fmtCount(e.tokensPerS)} tok/s`,
        `elapsed ${fmtDuration(e.elapsedMs)}`,
      ];
      if (eta !== null && !last) parts.push(`ETA ${fmtDuration(eta)}`);
      await writeAndDrain(this.out, parts.join('  ') + '\n');
    }
  }

  onStart(e: StartEvent): Promise<void> {
    const lines = [
      `data  ${e.dataset.describe}`,
      `model  ${e.params.toLocaleString('en-US')} parameters, engine ${e.engine}, memory about ${fmtBytes(e.memory.estimateBytes)} (limit ${fmtBytes(e.memory.limitBytes)})`,
    ];
    if (e.resumedFromStep !== null) lines.push(`resume  from step ${e.resumedFromStep} of ${e.totalSteps}`);
    return this.printAbove(lines.join('\n'));
  }

  onWarning(e: WarningEvent): Promise<void> {
    return this.printAbove(`warning  ${e.message}`);
  }

  onEval(e: EvalEvent): Promise<void> {
    return this.printAbove(`eval  step ${e.step}  ${e.final ? `${e.split} (whole split)` : e.split}  ${fmtMetrics(e.metrics)}`);
  }

  onDiagnostics(e: DiagnosticsEvent): Promise<void> {
    const layers = e.layers.map((l) => {
      const sat = Object.entries(l.saturation)
        .map(([gate, frac]) => `${gate} ${Math.round(frac * 100)}%`)
        .join(' ');
      const gates = Object.entries(l.whhGateSpectralNorms ?? {});
      const sigma =
        gates.length > 1
          ? `σmax(W_hh) ${gates.map(([g, v]) => `${g} ${fmtNum(v)}`).join(' ')} (stacked ${fmtNum(l.whhSpectralNorm)})`
          : `σmax(W_hh) ${fmtNum(l.whhSpectralNorm)}`;
      const T = l.dhNorms?.length ?? 0;
      const dh = T > 1 ? `  |dL/dh_1| ${fmtNum(l.dhNorms[0])} |dL/dh_${T}| ${fmtNum(l.dhNorms[T - 1])}` : '';
      return `      L${l.layer}  grad ${fmtNum(l.gradNorm)}  ${sigma}${dh}${sat ? `  saturated ${sat}` : ''}`;
    });
    const T = e.dhNorms.length;
    const ratio = T > 1 ? `  |dL/dh_1|/|dL/dh_${T}| ${e.dhRatio === null ? '-' : fmtNum(e.dhRatio)}` : '';
    const reading = describeDhRatio(e.dhRatio, T);
    return this.printAbove([`diag  step ${e.step}  grad ${fmtNum(e.globalGradNorm)}${ratio}`, ...layers, ...(reading ? [`      ${reading}`] : [])].join('\n'));
  }

  onCheckpoint(e: CheckpointEvent): Promise<void> {
    return this.printAbove(`checkpoint  step ${e.step}  ${e.path}  sha256 ${e.sha256.slice(0, 12)}`);
  }

  async onDone(e: DoneEvent): Promise<void> {
    this.doneSeen = true;
    await this.endBar();
    const baseline = e.baseline && Object.keys(e.baseline).length > 0 ? e.baseline : null;
    const splits: [string, Metrics][] = [['val', e.val], ['test', e.test], ...(baseline ? [['baseline (val)', baseline] as [string, Metrics]] : [])];
    // baseline metrics are named after their predictor (mean_predictor_mse): one row each
    const keys = [...new Set(splits.flatMap(([, m]) => Object.keys(m)))];
    const table = formatTable(
      ['metric', ...splits.map(([name]) => name)],
      keys.map((k) => [k, ...splits.map(([, m]) => (k in m ? fmtNum(m[k]) : '-'))]),
      splits.map((_, i) => i + 1),
    );
    const lines = [
      e.interrupted
        ? `interrupted at step ${e.steps} of ${this.opts.totalSteps} after ${fmtDuration(e.elapsedMs)} (continue with --resume)`
        : `done: ${e.steps} steps in ${fmtDuration(e.elapsedMs)}` +
          `${e.stoppedEarly ? ' (stopped early)' : ''}, best step ${e.bestStep}`,
      `params ${e.params.toLocaleString('en-US')}, ${fmtCount(e.tokens_per_s)} tokens/s`,
    ];
    await writeAndDrain(this.out, lines.join('\n') + '\n' + (keys.length > 0 ? table : ''));
  }

  /** End the progress line so that whatever is printed next starts on a fresh line. */
  async close(): Promise<void> {
    await this.endBar();
  }

  private async endBar(): Promise<void> {
    if (this.barShown) {
      this.barShown = false;
      await writeAndDrain(this.out, '\n');
    }
  }

  private async printAbove(line: string): Promise<void> {
    if (this.opts.tty && this.barShown) {
      // clear the bar, print the line, and let the next step redraw the bar below it
      this.barShown = false;
      this.lastDrawAt = Number.NEGATIVE_INFINITY;
      await writeAndDrain(this.out, CLEAR_LINE + line + '\n');
    } else {
      await writeAndDrain(this.out, line + '\n');
    }
  }

  private progressLine(e: StepEvent, now: number): string {
    const total = this.opts.totalSteps;
    const frac = Math.min(1, Math.max(0, e.step / total));
    const filled = Math.round(frac * BAR_WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    const eta = this.eta(e.step, now);
    return (
      `step ${e.step}/${total} ${bar} ${(frac * 100).toFixed(0).padStart(3)}%` +
      `  loss ${fmtNum(e.loss)}  lr ${fmtNum(e.lr)}  ${fmtCount(e.tokensPerS)} tok/s` +
      `  ETA ${eta === null ? '?' : fmtDuration(eta)}`
    );
  }

  /** Remaining time from the rate observed since the first step event of this process. */
  private eta(step: number, now: number): number | null {
    if (!this.first) return null;
    const done = step - this.first.step;
    const ms = now - this.first.at;
    if (done <= 0 || ms <= 0) return null;
    return (Math.max(0, this.opts.totalSteps - step) * ms) / done;
  }

  private fit(line: string): string {
    const cols = this.opts.columns;
    return cols && cols > 1 && line.length >= cols ? line.slice(0, cols - 1) : line;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

function fmtMetrics(m: Metrics): string {
  return Object.entries(m)
    .map(([k, v]) => `${k} ${fmtNum(v)}`)
    .join('  ');
}
