/**
 * A sweep's report for a terminal or as Markdown: trials ranked with their options, status, the
 * rung a stopped one stopped at, the final validation metric and wall time; what successive
 * halving did per rung; the verdict.
 */
import type { SweepReport } from '@rnnlab/contracts';
import { fmtNum, formatTable } from './format';

function rows(r: SweepReport): { header: string[]; body: string[][] } {
  const keys = Object.keys(r.trials[0]?.options ?? {});
  const header = ['rank', 'run', ...keys, 'status', 'stopped at', `val ${r.metric}`, 'train s'];
  const body = r.trials.map((t) => [
    String(t.rank),
    t.runId,
    ...keys.map((k) => String(t.options[k])),
    t.status,
    t.stoppedAt === null ? '-' : String(t.stoppedAt),
    t.value === null ? '-' : fmtNum(t.value),
    t.wallS === null ? '-' : t.wallS.toFixed(1),
  ]);
  return { header, body };
}

const rungLines = (r: SweepReport) => (r.asha ? r.asha.perRung.map((p) => `rung ${p.step} steps: ${p.reached} reached it, ${p.continued} went on`) : []);

export function formatSweepReport(r: SweepReport): string {
  const { header, body } = rows(r);
  return `${[`sweep ${r.experimentId}: ${r.task}, ${r.mode} search, ${r.trials.length} trials`, formatTable(header, body, [0]).trimEnd(), ...rungLines(r), '', `verdict: ${r.verdict}`].join('\n')}\n`;
}

export function formatSweepReportMarkdown(r: SweepReport): string {
  const { header, body } = rows(r);
  const md = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...body.map((b) => `| ${b.join(' | ')} |`)];
  return `### ${r.experimentId}: ${r.task} sweep\n\n${md.join('\n')}\n\n${rungLines(r).map((l) => `- ${l}`).join('\n')}\n\n**Verdict:** ${r.verdict}\n`;
}
