/**
 * `rnnlab engines`: which engines can compute here, why one cannot (and what to do about it),
 * which one `--engine auto` picks, and the tfjs backend they run on.
 */
import { initBackend } from '@rnnlab/models';
import { listEngines } from '@rnnlab/trainer';
import { parseEnginesArgs } from '../args';
import { formatTable } from '../printers/format';
import { commandUsage } from '../usage';

export async function enginesCommand(argv: string[]): Promise<number> {
  const args = parseEnginesArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('engines'));
    return 0;
  }
  const engines = listEngines();
  // listEngines lists in selectEngine's order of preference: `auto` takes the first available.
  // Not selectEngine('auto') itself: that would set up the native kernels just to print a name.
  const auto = engines.find((e) => e.available)?.name ?? null;
  const backend = await initBackend('auto');
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ engines, auto, backend })}\n`);
    return 0;
  }
  const rows = engines.map((e) => [e.name, e.available ? 'yes' : 'no', (e.available ? e.detail : e.reason) ?? '']);
  const skipped = backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  process.stdout.write(
    formatTable(['engine', 'available', 'detail / why not'], rows) +
      `\nauto picks: ${auto ?? 'none'}\n` +
      `tfjs backend: ${backend.name}${skipped ? ` (skipped ${skipped})` : ''}\n`,
  );
  return 0;
}
