/**
 * What `compare` and `sweep` print after submitting: with --wait the report once a worker has
 * written it (exit 1 after the timeout), and with --json the ids as the last line. The report is
 * read from the store, or from a remote dashboard (see remote.ts).
 */
import type { Store } from '@rnnlab/store';
import { formatAnyReport } from './printers/any-report';
import { remoteReport, type Remote } from './remote';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** an experiment's report, or null while it has none */
export type ReportSource = (experimentId: string) => Promise<Record<string, unknown> | null>;

export const storeReports =
  (store: Store): ReportSource =>
  async (id) =>
    ((await store.getExperimentReport(id))?.report as Record<string, unknown> | undefined) ?? null;

export const remoteReports =
  (remote: Remote): ReportSource =>
  async (id) =>
    (await remoteReport(remote, id)) as Record<string, unknown> | null;

export async function finishSubmission(
  reports: ReportSource,
  command: string,
  submitted: { experimentId: string; runIds: string[] },
  o: { wait: boolean; timeoutS: number; json: boolean; pollMs?: number },
): Promise<number> {
  let code = 0;
  if (o.wait) {
    const deadline = Date.now() + o.timeoutS * 1000;
    let report = await reports(submitted.experimentId);
    while (!report) {
      if (Date.now() > deadline) {
        process.stderr.write(`rnnlab: ${command}: no report for ${submitted.experimentId} after ${o.timeoutS} s (are workers running? see \`rnnlab fleet\`)\n`);
        code = 1;
        break;
      }
      await sleep(o.pollMs ?? 500);
      report = await reports(submitted.experimentId);
    }
    if (report) process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : formatAnyReport(report));
  }
  if (o.json) process.stdout.write(`${JSON.stringify(submitted)}\n`);
  return code;
}
