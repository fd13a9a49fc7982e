/**
 * `rnnlab worker …`: the worker is its own app (apps/worker); this runs it in place of the CLI
 * process, with the same arguments, terminal and signals.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER_BIN = fileURLToPath(new URL('../../../worker/bin/rnnlab-worker.mjs', import.meta.url));

export function workerCommand(argv: string[]): Promise<number> {
  const child = spawn(process.execPath, [WORKER_BIN, ...argv], { stdio: 'inherit' });
  // a terminal's Ctrl-C reaches the worker directly (same process group); a signal sent to this
  // process alone (a supervisor's `kill PID`) is passed on
  const relay = (signal: NodeJS.Signals) => {
    if (!process.stdin.isTTY) child.kill(signal);
  };
  process.on('SIGINT', relay);
  process.on('SIGTERM', relay);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : 1)));
  });
}
