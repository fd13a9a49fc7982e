import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { findExecutable } from './executable';

/**
 * Child processes that must not outlive this Node process, in two layers:
 * - on Linux the child is started through util-linux `setpriv --pdeathsig KILL`, which sets the
 *   kernel's parent-death signal and then execs the command (same pid), so the child is killed even
 *   when Node dies by SIGKILL. The signal fires when the spawning thread exits: the main thread here,
 *   or a worker thread if one spawns.
 * - everywhere, an 'exit' hook SIGKILLs the children still running (covers process.exit(), normal
 *   exit and uncaught errors; not SIGKILL, hence the first layer).
 */

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
let pdeathsigWrapper: string | null | undefined;

function killLiveChildren(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** `setpriv` when it supports --pdeathsig (checked once), else null. */
function pdeathsigCommand(): string | null {
  if (pdeathsigWrapper !== undefined) return pdeathsigWrapper;
  pdeathsigWrapper = null;
  if (process.platform === 'linux') {
    const setpriv = findExecutable('setpriv');
    if (setpriv) {
      const help = spawnSync(setpriv, ['--help'], { encoding: 'utf8', timeout: 5000 });
      if (help.status === 0 && help.stdout.includes('--pdeathsig')) pdeathsigWrapper = setpriv;
    }
  }
  return pdeathsigWrapper;
}

/** True when children are also protected against this process being SIGKILLed (Linux with setpriv). */
export function ownedChildrenDieWithParent(): boolean {
  return pdeathsigCommand() !== null;
}

/** Spawns `command` (an absolute path) as a child that dies with this process; see the file header. */
export function spawnOwned(command: string, args: readonly string[], stdio: StdioOptions): ChildProcess {
  const wrapper = pdeathsigCommand();
  const child = wrapper
    ? spawn(wrapper, ['--pdeathsig', 'KILL', '--', command, ...args], { stdio })
    : spawn(command, [...args], { stdio });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killLiveChildren);
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
  // A spawn failure is reported through 'error' (and 'exit' may never come): forget the child then too.
  child.once('error', () => live.delete(child));
  return child;
}

/** True once the child has exited (or failed to spawn). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
}

/** Resolves true when the child exits within `timeoutMs`, false otherwise. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (exited: boolean): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onExit);
      resolve(exited);
    };
    const onExit = (): void => done(true);
    const timer = setTimeout(() => done(hasExited(child)), timeoutMs);
    child.once('exit', onExit);
    child.once('error', onExit);
  });
}

/**
 * Stops a child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. Resolves once it has
 * exited; rejects only if it survives SIGKILL for `killWaitMs` (a process stuck in the kernel).
 */
export async function stopChild(child: ChildProcess, graceMs: number, killWaitMs = 5000): Promise<void> {
  if (hasExited(child)) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, graceMs)) return;
  child.kill('SIGKILL');
  if (await waitForExit(child, killWaitMs)) return;
  throw new Error(`stopChild(): pid ${child.pid} is still running ${graceMs + killWaitMs} ms after SIGTERM and SIGKILL`);
}

/**
 * True while process `pid` exists and is not a zombie. A killed child of a dead parent can stay a
 * zombie for a while where nothing reaps orphans (PID 1 in many containers); it runs no code any more.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ...": the state follows the last ')' (comm may itself contain ')').
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
