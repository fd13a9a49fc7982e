/** An experiment's stored report, printed by its kind (comparison or battery). */
import type { BatteryReport, ExperimentReport } from '@rnnlab/contracts';
import { formatBatteryReport, formatBatteryReportMarkdown } from './battery-report';
import { formatReport, formatReportMarkdown } from './experiment-report';

export type StoredReport = ExperimentReport | BatteryReport;

export function formatAnyReport(stored: Record<string, unknown>, markdown = false): string {
  const r = stored as unknown as StoredReport;
  if (r.kind === 'battery') return markdown ? formatBatteryReportMarkdown(r) : formatBatteryReport(r);
  return markdown ? formatReportMarkdown(r) : formatReport(r);
}
