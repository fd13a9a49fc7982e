/**
 * A battery's report for a terminal or as Markdown: one row per cell, one column per lag (the
 * solved metric, mean ± 95% CI over seeds, and how many seeds solved it), its memory horizon; the
 * pairwise tests at each lag; the verdict.
 */
import type { BatteryReport } from '@rnnlab/contracts';
import { fmtMeanCi as pm, fmtP as pText, formatTable } from './format';

const lagName = (r: BatteryReport, lag: number) => (r.lagField === 'seqLen' ? `T=${lag}` : `delay ${lag}`);

function rows(r: BatteryReport): { header: string[]; body: string[][] } {
  const header = ['cell', 'hidden', 'params', ...r.lags.map((l) => `${lagName(r, l)} ${r.metric} (solved)`), 'horizon'];
  const longest = r.lags.at(-1) as number;
  const body = r.horizons.map((h) => {
    const cellRow = r.perLag.map(({ report }) => report.cells.find((c) => c.cell === h.cell));
    const first = cellRow.find((c) => c !== undefined);
    return [
      h.cell,
      String(first?.hidden ?? '-'),
      String(first?.params ?? '-'),
      ...cellRow.map((c) => (c ? `${pm(c.metrics[r.metric])} (${c.solved}/${c.succeeded})` : '-')),
      h.horizon === null ? `< ${r.lags[0]}` : h.horizon === longest ? `≥ ${longest}` : String(h.horizon),
    ];
  });
  return { header, body };
}

function pairLines(r: BatteryReport): string[] {
  return r.perLag
    .filter((l) => l.report.pairwise.length)
    .map((l) => `${lagName(r, l.lag)}: ${l.report.pairwise.map((t) => `${t.a} vs ${t.b} ${pText(t.pAdjusted)}`).join(', ')} (${l.report.metric}${l.report.pairwise.some((t) => t.scale === 'log') ? ' on a log scale' : ''}, Holm-adjusted)`);
}

export function formatBatteryReport(r: BatteryReport): string {
  const { header, body } = rows(r);
  const lines = [
    `battery ${r.experimentId}: ${r.task}, ${r.horizons.map((h) => h.cell).join(' vs ')} at ${r.lagLabel} ${r.lags.join(', ')} (mean ± 95% CI over seeds; solved seeds)`,
    formatTable(header, body, [1, 2]).trimEnd(),
    ...pairLines(r),
    ...r.failures.map((f) => `not succeeded: ${f.runId} (${f.cell}, seed ${f.seed}) ${f.status}${f.reason ? `: ${f.reason}` : ''}`),
    '',
    `verdict: ${r.verdict}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function formatBatteryReportMarkdown(r: BatteryReport): string {
  const { header, body } = rows(r);
  const md = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...body.map((b) => `| ${b.join(' | ')} |`)];
  return `### ${r.experimentId}: ${r.task} battery (${r.lagLabel})\n\n${md.join('\n')}\n\n${pairLines(r).map((l) => `- ${l}`).join('\n')}\n\n**Verdict:** ${r.verdict}\n`;
}
