/**
 * A comparison's report for a terminal or as Markdown: one row per cell (size, seeds, solved,
 * the primary metric on val and test with its 95% CI, tokens/s, wall time), the pairwise tests,
 * the verdict.
 */
import type { ExperimentReport } from '@rnnlab/contracts';
import { fmtCount, fmtMeanCi as pm, fmtNum, fmtP as pText, formatTable } from './format';


function rows(r: ExperimentReport): { header: string[]; body: string[][] } {
  // a comparison over a model option names its groups `context=attention`, `gru layers=2`
  const header = [r.cells.some((c) => c.cell.includes('=')) ? 'group' : 'cell', 'hidden', 'params', 'seeds ok', 'solved', `val ${r.metric}`, `test ${r.metric}`, 'tokens/s', 'wall s'];
  const body = r.cells.map((c) => [
    c.cell,
    String(c.hidden),
    String(c.params),
    `${c.succeeded}/${c.runs}`,
    `${c.solved}/${c.succeeded}`,
    pm(c.metrics[r.metric]),
    pm(c.test[r.metric]),
    c.tokensPerS ? fmtCount(Math.round(c.tokensPerS.mean)) : '-',
    pm(c.wallS),
  ]);
  return { header, body };
}

function pairLines(r: ExperimentReport): string[] {
  return r.pairwise.map((t) => `${t.a} vs ${t.b}: ${t.metric} difference ${fmtNum(t.meanDiff)}, ${t.test === 'welch' ? "Welch's t-test" : 'exact permutation test'}${t.scale === 'log' ? ` on log ${t.metric}` : ''} ${pText(t.p)} (Holm-adjusted ${pText(t.pAdjusted)})`);
}

export function formatReport(r: ExperimentReport): string {
  const { header, body } = rows(r);
  const lines = [
    `experiment ${r.experimentId}: ${r.task}, ${r.cells.map((c) => c.cell).join(' vs ')} (mean ± 95% CI over seeds)`,
    formatTable(header, body, [1, 2, 7]).trimEnd(),
    ...pairLines(r),
    ...r.failures.map((f) => `not succeeded: ${f.runId} (${f.cell}, seed ${f.seed}) ${f.status}${f.reason ? `: ${f.reason}` : ''}`),
    '',
    `verdict: ${r.verdict}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function formatReportMarkdown(r: ExperimentReport): string {
  const { header, body } = rows(r);
  const md = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...body.map((b) => `| ${b.join(' | ')} |`)];
  return `### ${r.experimentId}: ${r.task}\n\n${md.join('\n')}\n\n${pairLines(r).map((l) => `- ${l}`).join('\n')}\n\n**Verdict:** ${r.verdict}\n`;
}
