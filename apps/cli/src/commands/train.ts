/**
 * `rnnlab train`: flags (and an optional JSON config, or the checkpoint's config on --resume) ->
 * RunConfig -> trainer, with events printed as a progress line or JSON lines. Everything is
 * validated before the trainer starts, so bad input exits with code 2 and writes nothing.
 */
import { readdir } from 'node:fs/promises';
import { inapplicableFields, type RunConfig } from '@rnnlab/contracts';
import { checkResume, DirectoryCheckpoints, RunInputError, train, type Checkpoint, type CheckpointStore } from '@rnnlab/trainer';
import { buildRunConfig, configPathsOf, flagForPath, parseTrainArgs, UsageError, type TrainArgs } from '../args';
import { readJsonFile, requireFile } from '../files';
import { JsonLinesPrinter } from '../printers/json-lines';
import { ProgressPrinter } from '../printers/progress';
import { requireEngine } from '../require-engine';
import { isSupervisedChild, onParentGone } from '../supervise';
import { commandUsage } from '../usage';

/** Exit codes after a signal, once the trainer has checkpointed and returned: 128 + the signal's number. */
const EXIT_AFTER: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

type Resume = { ref: string; checkpoint: Checkpoint };

export async function trainCommand(argv: string[]): Promise<number> {
  const args = parseTrainArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('train'));
    return 0;
  }
  const store = args.checkpointDir === undefined ? null : new DirectoryCheckpoints(args.checkpointDir, '--checkpoint-dir');
  const resumeFrom = store && args.resume ? await findResume(store) : null;
  if (store && !args.resume) await refuseOverwrite(store);
  const { config, given } = resumeFrom ? await resumeConfig(args, resumeFrom) : await resolveConfig(args);
  const notApplicable = inapplicableFields(config, given);
  if (notApplicable.length) throw new UsageError(notApplicable.map((i) => `${flagForPath(i.path) ?? i.path}: ${i.reason}`).join('\n'));
  await checkPaths(config);
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
  let stoppedBy: NodeJS.Signals | null = null;
  // start below the progress line when one is being redrawn on the terminal
  const nl = listener instanceof ProgressPrinter && process.stdout.isTTY ? '\n' : '';
  const onSignal = (signal: NodeJS.Signals) => {
    // supervised, the parent ends the run on a second signal (see supervise.ts): ignore repeats here
    if (stoppedBy) return;
    stoppedBy = signal;
    if (!isSupervisedChild()) {
      // alone in its process: the next signal gets the default action and ends it
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    const what = args.checkpointDir ? 'writing a checkpoint' : 'no --checkpoint-dir, nothing will be saved';
    process.stderr.write(`${nl}rnnlab: ${signal}: stopping after this step (${what}); press Ctrl-C again to quit at once\n`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stopWatchingParent = onParentGone(() => onSignal('SIGTERM'));
  try {
    const done = await train(config, {
      engine: args.engine,
      threads: args.threads,
      checkpoints: store ?? undefined,
      resumeFrom: resumeFrom ?? undefined,
      maxMemoryBytes: args.maxMemory,
      maxMemorySource: '--max-memory',
      listener,
      signal: controller.signal,
    });
    // the summary is printed once, whether or not the trainer also called onDone
    if (!listener.done) await listener.onDone(done);
    return stoppedBy && done.interrupted ? (EXIT_AFTER[stoppedBy] ?? 130) : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    stopWatchingParent();
    if (listener instanceof ProgressPrinter) await listener.close();
  }
}

/** The newest valid checkpoint, saying on stderr which newer files were skipped; none is an error. */
async function findResume(store: CheckpointStore): Promise<Resume> {
  const scan = await store.latest();
  for (const s of scan.skipped) process.stderr.write(`rnnlab: warning: skipped ${s.reason}\n`);
  if (scan.found) return scan.found;
  const why = scan.skipped.length ? `no usable checkpoint (skipped ${scan.skipped.length}, see above)` : 'no checkpoint';
  throw new UsageError(`--resume: ${store.location} holds ${why}; to start a new run there, drop --resume`);
}

/** A new run must not write its checkpoints between another run's. */
async function refuseOverwrite(store: CheckpointStore): Promise<void> {
  const files = await readdir(store.location).catch(() => [] as string[]);
  const ours = files.filter((f) => /^ckpt-\d+\.json$/.test(f)).sort();
  if (ours.length === 0) return;
  throw new UsageError(
    `--checkpoint-dir: ${store.location} already holds checkpoints of a run (newest ${ours[ours.length - 1]}): ` +
      'add --resume to continue that run, or choose another directory',
  );
}

/** Every dotted path set in a plain JSON object (`{ train: { lr: 1 } }` -> `train.lr`). */
function pathsOf(v: unknown, prefix = ''): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return prefix ? [prefix] : [];
  return Object.entries(v).flatMap(([k, x]) => pathsOf(x, prefix ? `${prefix}.${k}` : k));
}

async function resolveConfig(args: TrainArgs): Promise<{ config: RunConfig; given: string[] }> {
  const flags = configPathsOf(args.configFlags);
  if (args.configPath === undefined) return { config: buildRunConfig(args.configFlags), given: flags };
  const file = await readJsonFile(args.configPath, '--config');
  return { config: buildRunConfig(args.configFlags, file, `--config ${args.configPath}`), given: [...flags, ...pathsOf(file)] };
}

/**
 * On --resume the config is the checkpoint's; flags (or a --config file) may repeat it, and may
 * change only what does not change the run (more --steps, how often to evaluate and checkpoint).
 */
async function resumeConfig(args: TrainArgs, from: Resume): Promise<{ config: RunConfig; given: string[] }> {
  const base = args.configPath === undefined ? from.checkpoint.config : await readJsonFile(args.configPath, '--config');
  const label = args.configPath === undefined ? `the checkpoint ${from.ref}` : `--config ${args.configPath}`;
  const config = buildRunConfig(args.configFlags, base, label);
  try {
    checkResume(buildRunConfig({}, from.checkpoint.config, `the checkpoint ${from.ref}`), from.checkpoint.step, config, from.ref);
  } catch (e) {
    if (e instanceof RunInputError) throw new UsageError(e.message);
    throw e;
  }
  return { config, given: configPathsOf(args.configFlags) };
}

/** Input files must exist before training starts; the checkpoint directory is checked by the trainer. */
async function checkPaths(config: RunConfig): Promise<void> {
  if (config.task.upload !== undefined) {
    // an upload lives in the fleet's store, which local training does not open
    throw new UsageError('--upload: an uploaded dataset is trained on by the fleet: queue it with rnnlab submit (or rnnlab compare) --task text --upload ID; train locally with --path FILE');
  }
  if (config.task.name === 'text') {
    if (config.task.path === undefined) throw new UsageError('--path: required for --task text (a UTF-8 text file)');
    await requireFile(config.task.path, '--path');
  }
}
