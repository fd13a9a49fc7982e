/**
 * What `compare` and `sweep` print after submitting: with --wait the report once a worker has
 * written it (exit 1 after the timeout), and with --json the ids as the last line.
 */
import type { Store } from '@rnnlab/store';
import { formatAnyReport } from './printers/any-report';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function finishSubmission(
  store: Store,
  command: string,
  submitted: { experimentId: string; runIds: string[] },
  o: { wait: boolean; timeoutS: number; json: boolean },
): Promise<number> {
  let code = 0;
  if (o.wait) {
    const deadline = Date.now() + o.timeoutS * 1000;
    let stored = await store.getExperimentReport(submitted.experimentId);
    while (!stored) {
      if (Date.now() > deadline) {
        process.stderr.write(`rnnlab: ${command}: no report for ${submitted.experimentId} after ${o.timeoutS} s (are workers running? see \`rnnlab fleet\`)\n`);
        code = 1;
        break;
      }
      await sleep(500);
      stored = await store.getExperimentReport(submitted.experimentId);
    }
    if (stored) process.stdout.write(o.json ? `${JSON.stringify(stored.report)}\n` : formatAnyReport(stored.report));
  }
  if (o.json) process.stdout.write(`${JSON.stringify(submitted)}\n`);
  return code;
}
