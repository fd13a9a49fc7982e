import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasExited, isProcessAlive, ownedChildrenDieWithParent, spawnOwned, stopChild, waitForExit } from './owned-child';

const node = process.execPath;
const forever = 'setInterval(() => {}, 1000)';

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

describe('stopChild', () => {
  it('stops a child with SIGTERM when it obeys', async () => {
    const child = spawnOwned(node, ['-e', forever], 'ignore');
    await once(child, 'spawn');
    await stopChild(child, 5000);
    expect(child.signalCode).toBe('SIGTERM');
    expect(isProcessAlive(child.pid ?? -1)).toBe(false);
  });

  it('falls back to SIGKILL after the grace period when SIGTERM is ignored', async () => {
    const child = spawnOwned(node, ['-e', `process.on('SIGTERM', () => {}); console.log('ready'); ${forever}`], ['ignore', 'pipe', 'ignore']);
    if (!child.stdout) throw new Error('expected a stdout pipe');
    await once(child.stdout, 'data'); // the handler is installed
    const t0 = Date.now();
    await stopChild(child, 300);
    expect(child.signalCode).toBe('SIGKILL');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('returns at once for a child that has already exited, and waitForExit reports it', async () => {
    const child = spawnOwned(node, ['-e', 'process.exit(3)'], 'ignore');
    expect(await waitForExit(child, 10_000)).toBe(true);
    expect(hasExited(child)).toBe(true);
    await stopChild(child, 1);
    expect(child.exitCode).toBe(3);
  });

  it('waitForExit resolves false when the child is still running at the deadline', async () => {
    const child = spawnOwned(node, ['-e', forever], 'ignore');
    expect(await waitForExit(child, 100)).toBe(false);
    await stopChild(child, 5000);
  });
});

describe('isProcessAlive', () => {
  it('is true for this process and false for a reaped child', async () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const child = spawnOwned(node, ['-e', ''], 'ignore');
    await waitForExit(child, 10_000);
    expect(isProcessAlive(child.pid ?? -1)).toBe(false);
  });
});

/** Runs a Node parent that spawns an owned child, prints its pid, then does `then`; returns both pids. */
async function parentWithChild(then: string): Promise<{ parent: ChildProcess; childPid: number }> {
  const lib = pathToFileURL(join(import.meta.dirname, 'owned-child.ts')).href;
  const code = `const m = await import(${JSON.stringify(lib)});
const c = m.spawnOwned(process.execPath, ['-e', ${JSON.stringify(forever)}], 'ignore');
c.once('spawn', () => { console.log(c.pid); ${then} });
setInterval(() => {}, 1000);`;
  const parent = spawn(node, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(parent.stdout, 'data')) as [Buffer];
  return { parent, childPid: Number(line.toString().trim()) };
}

describe('an owned child does not outlive its Node process', () => {
  it('when the parent calls process.exit()', async () => {
    const { parent, childPid } = await parentWithChild('setTimeout(() => process.exit(0), 100);');
    expect(childPid).toBeGreaterThan(0);
    await once(parent, 'exit');
    expect(await waitUntil(() => !isProcessAlive(childPid), 5000)).toBe(true);
  });

  it.skipIf(!ownedChildrenDieWithParent())('when the parent is killed with SIGKILL (setpriv --pdeathsig)', async () => {
    const { parent, childPid } = await parentWithChild('');
    expect(isProcessAlive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    expect(await waitUntil(() => !isProcessAlive(childPid), 5000)).toBe(true);
  });
});
