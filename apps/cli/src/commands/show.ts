/** `rnnlab show ID [--json]`: one run, its final metrics and its timeline. */
import { UsageError } from '../args';
import { withFleet } from '../fleet';
import { parseIdsArgs, SHOW_FLAGS } from '../fleet-args';
import { formatTable } from '../printers/format';
import { commandUsage } from '../usage';
import { RUN_HEADER, runJson, runRow } from './run-views';

export async function showCommand(argv: string[]): Promise<number> {
  const args = parseIdsArgs(argv, SHOW_FLAGS, 'show', { many: false });
  if (args.help) {
    process.stdout.write(commandUsage('show'));
    return 0;
  }
  return withFleet(async ({ store }) => {
    const run = await store.getRun(args.ids[0]);
    if (!run) throw new UsageError(`show: no run ${args.ids[0]} (see \`rnnlab runs\`)`);
    const events = await store.listEvents(run.id);
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ ...runJson(run), config: run.config, events })}\n`);
      return 0;
    }
    const lines = [formatTable(RUN_HEADER, [runRow(run)]).trimEnd()];
    if (run.failureReason) lines.push(`failure: ${run.failureReason}`);
    lines.push('', 'timeline:');
    for (const e of events) {
      const where = [e.step === null ? '' : `step ${e.step}`, e.host ?? '', e.message ?? ''].filter(Boolean).join('  ');
      lines.push(`  ${new Date(e.at).toISOString()}  #${e.attempt} ${e.kind}${where ? `  ${where}` : ''}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  });
}
