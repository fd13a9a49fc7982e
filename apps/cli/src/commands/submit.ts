/**
 * `rnnlab submit [train options…] [--priority P] [--json]`: queue one run for the fleet. The config
 * is validated exactly as `rnnlab train` validates it, and a run that cannot fit in memory is refused
 * here, before anything is written. Submitting the same config again gives the same run.
 */
import { inapplicableFields, type RunConfig } from '@rnnlab/contracts';
import { submitRun } from '@rnnlab/queue';
import { checkMemory, estimateBeforeData, WASM_HEAP_BYTES } from '@rnnlab/trainer';
import { buildRunConfig, configPathsOf, flagForPath, parseSize, UsageError } from '../args';
import { withFleet } from '../fleet';
import { parseSubmitArgs } from '../fleet-args';
import { readJsonFile } from '../files';
import { commandUsage } from '../usage';

export async function submitCommand(argv: string[]): Promise<number> {
  const args = parseSubmitArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('submit'));
    return 0;
  }
  const file = args.configPath === undefined ? undefined : await readJsonFile(args.configPath, '--config');
  const config: RunConfig = buildRunConfig(args.configFlags, file, `--config ${args.configPath}`);
  const issues = inapplicableFields(config, configPathsOf(args.configFlags));
  if (issues.length) throw new UsageError(issues.map((i) => `${flagForPath(i.path) ?? i.path}: ${i.reason}`).join('\n'));
  const limit = args.maxMemory === undefined ? WASM_HEAP_BYTES : parseSize(args.maxMemory, '--max-memory');
  checkMemory(config, estimateBeforeData(config, args.engine === 'tfjs' ? 'tfjs' : 'native'), limit, args.maxMemory === undefined ? 'what one worker process can hold' : 'set by --max-memory');
  return withFleet(async (f) => {
    const { queue } = await f.redis();
    const { run, created } = await submitRun(f.store, queue, config, { priority: args.priority, engine: args.engine });
    if (args.json) process.stdout.write(`${JSON.stringify({ id: run.id, status: run.status, created })}\n`);
    else process.stdout.write(created ? `${run.id} queued (${config.model.cell} on ${config.task.name}); follow it with: rnnlab wait ${run.id}\n` : `${run.id} was submitted before (${run.status}): the same config is the same run\n`);
    return 0;
  });
}
