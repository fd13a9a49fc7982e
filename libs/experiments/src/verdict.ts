/**
 * The verdict of a comparison in plain language, e.g. "GRU and LSTM solve it (mse 0.004 ± 0.002,
 * 0.008 ± 0.003); RNN does not (0.166 ± 0.001); LSTM vs GRU: not significant (p = 0.31)".
 */
import type { CellSummary, ExperimentReport, MeanCi } from '@rnnlab/contracts';

const NAMES: Record<string, string> = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' };
export const nameOf = (cell: string) => NAMES[cell] ?? cell;
const num = (x: number) => (x === 0 ? '0' : Math.abs(x) >= 0.01 && Math.abs(x) < 1000 ? x.toFixed(3) : Math.abs(x) < 0.001 ? x.toExponential(2) : x.toPrecision(3));
const pm = (c: MeanCi | undefined) => (!c ? 'n/a' : c.high === null ? num(c.mean) : `${num(c.mean)} ± ${num(c.high - c.mean)}`);
export const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(p < 0.01 ? 3 : 2)}`);

/** "solves it" when most of its seeds met the rule */
export const solves = (c: CellSummary) => c.succeeded > 0 && c.solved * 2 > c.succeeded;

export function verdictOf(r: Omit<ExperimentReport, 'verdict'>): string {
  const ranked = [...r.cells].filter((c) => c.metrics[r.metric]).sort((a, b) => a.metrics[r.metric].mean - b.metrics[r.metric].mean);
  if (ranked.length === 0) return 'no run succeeded: nothing to compare';
  const parts: string[] = [];
  const yes = ranked.filter(solves);
  const no = ranked.filter((c) => !solves(c));
  const vals = (cs: CellSummary[]) => cs.map((c) => pm(c.metrics[r.metric])).join(', ');
  if (yes.length) parts.push(`${list(yes.map((c) => nameOf(c.cell)))} ${yes.length === 1 ? 'solves' : 'solve'} it (${r.metric} ${vals(yes)})`);
  if (no.length) parts.push(`${list(no.map((c) => nameOf(c.cell)))} ${no.length === 1 ? 'does' : 'do'} not (${yes.length ? '' : `${r.metric} `}${vals(no)})`);
  for (const t of r.pairwise) {
    const [better, worse] = t.meanDiff <= 0 ? [t.a, t.b] : [t.b, t.a];
    parts.push(
      t.pAdjusted < 0.05
        ? `${nameOf(better)} beats ${nameOf(worse)} (${pText(t.pAdjusted)})`
        : `${nameOf(t.a)} vs ${nameOf(t.b)}: not significant (${pText(t.pAdjusted)})`,
    );
  }
  const seeds = Math.max(...r.cells.map((c) => c.runs));
  return `${parts.join('; ')} — ${seeds} seed${seeds === 1 ? '' : 's'} per cell; solved = ${r.solvedRule}; p-values Holm-adjusted${r.pairwise.some((t) => t.scale === 'log') ? `, tests on log ${r.metric}` : ''}${r.failures.length ? `; ${r.failures.length} run(s) did not succeed` : ''}`;
}
