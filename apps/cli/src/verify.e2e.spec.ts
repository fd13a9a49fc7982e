/**
 * End to end: `rnnlab verify` without FILE checks the PyTorch fixtures bundled with @rnnlab/models,
 * so a fresh clone (without the team fixtures beside it) can verify its engines. Spawns the real `bin/rnnlab.mjs`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { run as rnnlab } from './testing/run-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeStatus } from '@rnnlab/engine-native';
import { BUNDLED_FIXTURES_DIR, bundledFixtureFiles } from '@rnnlab/models';

const autoEngine = nativeStatus().available ? 'native' : 'tfjs';
const BUNDLED = ['gru-reset-after-L1', 'gru-reset-after-L2', 'gru-reset-before-L1', 'lstm-L1', 'lstm-L2', 'rnn-L1', 'rnn-L2'];


/** Every bundled fixture has its `FILE: cell, N layer(s): ok` line. */
function expectAllBundledOk(stdout: string): void {
  for (const name of BUNDLED) expect(stdout).toMatch(new RegExp(`/${name}\\.json: .*: ok \\(worst`, 'm'));
  expect(stdout).not.toContain('FAIL');
}

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'rnnlab-verify-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('rnnlab verify (spawned) with the bundled fixtures', () => {
  it('finds the 7 bundled fixtures in the package', () => {
    expect(bundledFixtureFiles().map((f) => basename(f, '.json'))).toEqual(BUNDLED);
  });

  it('without FILE checks every bundled fixture on the auto engine and exits 0', async () => {
    const r = await rnnlab('verify');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectAllBundledOk(r.stdout);
    expect(r.stdout).toMatch(new RegExp(`^all 7 fixtures ok \\(tolerance 1\\.00e-5, engine ${autoEngine} on backend \\w+\\)\n$`, 'm'));
  });

  it('--engine tfjs without FILE passes all 7 within 1e-5', async () => {
    const r = await rnnlab('verify', '--engine', 'tfjs');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectAllBundledOk(r.stdout);
    expect(r.stdout).toMatch(/^all 7 fixtures ok \(tolerance 1\.00e-5, engine tfjs on backend \w+\)$/m);
  });

  it('--json without FILE reports the bundled files by path', async () => {
    const r = await rnnlab('verify', '--json', '--engine', 'tfjs');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; files: { file: string; ok: boolean }[] };
    expect(report.ok).toBe(true);
    expect(report.files.map((f) => f.file)).toEqual(BUNDLED.map((n) => join(BUNDLED_FIXTURES_DIR, `${n}.json`)));
    expect(report.files.every((f) => f.ok)).toBe(true);
  });

  it('a file that is not a fixture exits 2 naming it, before computing anything', async () => {
    const bad = join(tmp, 'not-a-fixture.json');
    await writeFile(bad, JSON.stringify({ format: 'rnn-reference-fixture/v0', cell: 'lstm' }));
    const r = await rnnlab('verify', '--engine', 'tfjs', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rnnlab: verify: ".*not-a-fixture\.json" is not a reference fixture \(rnn-reference-fixture\/v1\): format: /);
    expect(r.stdout).toBe('');
  });
});
