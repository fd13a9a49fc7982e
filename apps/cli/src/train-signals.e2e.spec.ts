/**
 * Stopping when asked: real signals to a real `rnnlab train` child process. The delay from the
 * signal to the exit is printed (measured, never asserted as a time); what is asserted is how many
 * steps ran after the signal, and what the process left behind.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from './testing/run-cli';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'rnnlab-signals-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const lastJson = (stdout: string) => JSON.parse(stdout.trimEnd().split('\n').at(-1) as string) as Record<string, unknown>;

describe('rnnlab train stops when asked', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: stops within a few steps, checkpoints, and exits ${signal === 'SIGINT' ? 130 : 143}`, async () => {
      const dir = join(tmp, signal);
      // the command, with 10^6 steps (hours) instead of 4000; step lines about once a second,
      // so that stdout back-pressure cannot be what lets the signal in
      const cli = startCli([
        'train', '--task', 'names', '--cell', 'gru', '--hidden', '48', '--batch', '16', '--seq-len', '32',
        '--steps', '1000000', '--eval-every', '0', '--diag-every', '0', '--checkpoint-every', '0',
        '--json', '--checkpoint-dir', dir,
      ]);
      await cli.waitForLine(/"event":"step","step":1,/);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const sentAt = performance.now();
      cli.child.kill(signal);
      const r = await cli.exited;
      const delayMs = performance.now() - sentAt;
      const done = lastJson(r.stdout) as { event: string; steps: number; interrupted: boolean; tokens_per_s: number };
      const stepMs = done.steps > 0 ? (1500 + delayMs) / done.steps : Number.NaN;
      console.log(`${signal}: exited ${delayMs.toFixed(0)} ms after the signal (a step takes about ${stepMs.toFixed(2)} ms), at step ${done.steps}`);
      expect(r.code).toBe(signal === 'SIGINT' ? 130 : 143);
      // before the fix the run went on to its last step (or the test's timeout)
      expect(done).toMatchObject({ event: 'done', interrupted: true });
      expect(done.steps).toBeLessThan(1_000_000);
      expect(await readdir(dir)).toEqual([`ckpt-${String(done.steps).padStart(9, '0')}.json`]);
      expect(r.stderr).toContain(`rnnlab: ${signal}: stopping after this step (writing a checkpoint)`);
    });
  }

  it('kill -9 of the watching parent: the training child checkpoints and exits, nothing is left running', async () => {
    const dir = join(tmp, 'orphan');
    const cli = startCli([
      'train', '--task', 'names', '--cell', 'gru', '--hidden', '16', '--batch', '8', '--steps', '1000000',
      '--eval-every', '0', '--diag-every', '0', '--checkpoint-every', '0', '--json', '--checkpoint-dir', dir,
    ]);
    await cli.waitForLine(/"event":"step","step":1,/);
    const { execFileSync } = await import('node:child_process');
    const childPid = Number(execFileSync('pgrep', ['-P', String(cli.child.pid)]).toString().trim().split('\n')[0]);
    cli.child.kill('SIGKILL');
    await cli.exited;
    // the child's stdout is the same pipe: its summary still arrives; then the process is gone
    const alive = () => {
      try {
        process.kill(childPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive()).toBe(false);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^ckpt-\d{9}\.json$/);
  });

  it('a second Ctrl-C quits at once, even in the middle of a long step', async () => {
    const dir = join(tmp, 'twice');
    // one step of this model takes seconds: the first signal waits for the step to end, the second does not
    const cli = startCli([
      'train', '--task', 'adding', '--seq-len', '1000', '--cell', 'lstm', '--hidden', '512', '--batch', '32',
      '--steps', '100', '--eval-every', '0', '--diag-every', '0', '--json', '--log-every', '1', '--checkpoint-dir', dir,
    ]);
    await cli.waitForLine(/"event":"step","step":1,/);
    cli.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sentAt = performance.now();
    cli.child.kill('SIGINT');
    const r = await cli.exited;
    console.log(`second SIGINT: exited ${(performance.now() - sentAt).toFixed(0)} ms after it`);
    // ended by the watching parent, not after finishing the step and the checkpoint
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('rnnlab: SIGINT again: quit at once');
    expect(r.stdout).not.toContain('"event":"done"');
  });
});
