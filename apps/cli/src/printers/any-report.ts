/** An experiment's stored report, printed by its kind (comparison, battery or sweep). */
import type { BatteryReport, ExperimentReport, SweepReport } from '@rnnlab/contracts';
import { formatBatteryReport, formatBatteryReportMarkdown } from './battery-report';
import { formatReport, formatReportMarkdown } from './experiment-report';
import { formatSweepReport, formatSweepReportMarkdown } from './sweep-report';

export type StoredReport = ExperimentReport | BatteryReport | SweepReport;

export function formatAnyReport(stored: Record<string, unknown>, markdown = false): string {
  const r = stored as unknown as StoredReport;
  if (r.kind === 'sweep') return markdown ? formatSweepReportMarkdown(r) : formatSweepReport(r);
  if (r.kind === 'battery') return markdown ? formatBatteryReportMarkdown(r) : formatBatteryReport(r);
  return markdown ? formatReportMarkdown(r) : formatReport(r);
}
