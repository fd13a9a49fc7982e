/**
 * `rnnlab train`: flags (and an optional JSON config) -> RunConfig -> trainer, with events printed
 * as a progress line or JSON lines. Everything is validated before the trainer starts, so bad input
 * exits with code 2 and writes nothing (no checkpoint directory, no output on stdout).
 */
import { stat } from 'node:fs/promises';
import type { RunConfig } from '@rnnlab/contracts';
import { train } from '@rnnlab/trainer';
import { buildRunConfig, parseTrainArgs, UsageError, type TrainArgs } from '../args';
import { readJsonFile, requireFile } from '../files';
import { JsonLinesPrinter } from '../printers/json-lines';
import { ProgressPrinter } from '../printers/progress';
import { requireEngine } from '../require-engine';
import { commandUsage } from '../usage';

/** Exit code after Ctrl-C / SIGTERM (128 + SIGINT), once the trainer has checkpointed and returned. */
const EXIT_INTERRUPTED = 130;

export async function trainCommand(argv: string[]): Promise<number> {
  const args = parseTrainArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('train'));
    return 0;
  }
  const config = await resolveConfig(args);
  await checkPaths(config, args);
  requireEngine(args.engine);

  const listener = args.json
    ? new JsonLinesPrinter(process.stdout, { totalSteps: config.train.steps, logEvery: args.logEvery })
    : new ProgressPrinter(process.stdout, {
        totalSteps: config.train.steps,
        tty: process.stdout.isTTY === true,
        columns: process.stdout.columns,
        logEvery: args.logEvery,
      });

  const controller = new AbortController();
  // start below the progress line when one is being redrawn on the terminal
  const nl = listener instanceof ProgressPrinter && process.stdout.isTTY ? '\n' : '';
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write(`${nl}rnnlab: ${signal} again, quitting without waiting for the checkpoint\n`);
      process.exit(EXIT_INTERRUPTED);
    }
    const what = args.checkpointDir ? 'writing a checkpoint' : 'no --checkpoint-dir, nothing will be saved';
    process.stderr.write(`${nl}rnnlab: ${signal}: stopping (${what}); press Ctrl-C again to quit at once\n`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const done = await train(config, {
      engine: args.engine,
      threads: args.threads,
      checkpointDir: args.checkpointDir,
      resume: args.resume,
      listener,
      signal: controller.signal,
    });
    // the summary is printed once, whether or not the trainer also called onDone
    if (!listener.done) await listener.onDone(done);
    return controller.signal.aborted ? EXIT_INTERRUPTED : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (listener instanceof ProgressPrinter) await listener.close();
  }
}

async function resolveConfig(args: TrainArgs): Promise<RunConfig> {
  if (args.configPath === undefined) return buildRunConfig(args.configFlags);
  const file = await readJsonFile(args.configPath, '--config');
  return buildRunConfig(args.configFlags, file, `--config ${args.configPath}`);
}

/** Input files must exist before training starts; the checkpoint directory is created by the trainer. */
async function checkPaths(config: RunConfig, args: TrainArgs): Promise<void> {
  if (config.task.name === 'text') {
    if (config.task.path === undefined) throw new UsageError('--path: required for --task text (a UTF-8 text file)');
    await requireFile(config.task.path, '--path');
  }
  if (args.checkpointDir !== undefined) {
    const s = await stat(args.checkpointDir).catch(() => null);
    if (s && !s.isDirectory()) throw new UsageError(`--checkpoint-dir: expected a directory, got a file "${args.checkpointDir}"`);
  }
}
