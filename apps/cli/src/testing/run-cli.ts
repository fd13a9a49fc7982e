/**
 * Test helpers: run the real `bin/rnnlab.mjs` as a child process from the repository root.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
export const bin = join(repoRoot, 'apps/cli/bin/rnnlab.mjs');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run `rnnlab ...args` to completion (killed after `timeoutMs`). */
export function rnnlab(args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: opts.cwd ?? repoRoot, maxBuffer: 64 * 1024 * 1024, timeout: opts.timeoutMs ?? 110_000, env: opts.env ?? process.env },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: unknown; signal?: NodeJS.Signals }) | null;
        const code = e ? (typeof e.code === 'number' ? e.code : null) : 0;
        resolve({ code, signal: e?.signal ?? null, stdout, stderr });
      },
    );
  });
}

/** `rnnlab(args)` with the arguments spread: `run('train', '--task', 'adding')`. */
export function run(...args: string[]): Promise<CliRun> {
  return rnnlab(args);
}

/** A running `rnnlab` child whose stdout lines can be awaited, for signal tests. */
export interface LiveCli {
  child: ChildProcess;
  /** resolves with the first stdout line matching `re` */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
  /** resolves when the child exits */
  exited: Promise<CliRun>;
}

export function startCli(args: string[]): LiveCli {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { re: RegExp; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      for (const w of [...waiters]) {
        if (!w.re.test(line)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<CliRun>((resolve) => {
    child.on('exit', (code, signal) => {
      // let the pipes drain before reporting
      setImmediate(() => {
        for (const w of waiters.splice(0)) w.reject(new Error(`rnnlab exited (${code ?? signal}) before printing a line matching ${w.re}; stderr: ${stderr}`));
        resolve({ code, signal, stdout, stderr });
      });
    });
  });
  return {
    child,
    exited,
    waitForLine(re, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no stdout line matching ${re} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        const done = () => clearTimeout(timer);
        waiters.push({ re, resolve: (l) => (done(), resolve(l)), reject: (e) => (done(), reject(e)) });
      });
    },
  };
}
