/**
 * `rnnlab train` runs in a child process watched by a small parent. A training step is synchronous
 * and can take seconds; a signal handler in the same process only runs between steps. The parent's
 * event loop is always free, so it can keep the promise of Ctrl-C: the first stops the run after the
 * current step (the child checkpoints and exits 130), the second ends it at once.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** Set in the child's environment; also lets a user (or a debugger) run training in one process. */
export const SUPERVISED_ENV = 'RNNLAB_SUPERVISED';

export function isSupervisedChild(): boolean {
  return process.env[SUPERVISED_ENV] === '1';
}

/** Re-run this command in a child process and relay signals; resolves with the exit code to use. */
export function superviseTrain(): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    // the IPC channel tells the child when this parent is gone (killed with -9): it stops then, see onParentGone
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [SUPERVISED_ENV]: '1' },
  });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    // relayed too when the terminal already sent it to the child: the child stops once either way
    if (signals === 1) {
      child.kill(signal);
      return;
    }
    child.kill('SIGKILL');
    process.stderr.write(`\nrnnlab: ${signal} again: quit at once (the last checkpoint written is kept)\n`);
    process.exit(128 + (constants.signals[signal] ?? 2));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return new Promise((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`rnnlab: cannot start the training process: ${err.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

/**
 * In the supervised child: call `stop` when the parent is gone (its IPC channel closes), so that a
 * killed parent never leaves a training process behind. The channel does not keep the child alive.
 */
export function onParentGone(stop: () => void): () => void {
  if (!isSupervisedChild() || !process.channel) return () => undefined;
  process.channel.unref();
  process.once('disconnect', stop);
  return () => process.off('disconnect', stop);
}
