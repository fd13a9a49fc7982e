/**
 * End to end: spawn the real `bin/rnnlab.mjs` from the repository root and check exit codes,
 * stdout/stderr and the files left behind.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run as rnnlab } from './testing/run-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASKS } from '@rnnlab/contracts';
import { nativeStatus } from '@rnnlab/engine-native';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const fixturesDir = join(repoRoot, 'libs/models/fixtures/reference');
/** Whether the native addon is built here: both states are legitimate, the tests assert accordingly. */
const native = nativeStatus();
const autoEngine = native.available ? 'native' : 'tfjs';


let tmp: string;
let fixtures: string[];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'rnnlab-cli-'));
  fixtures = (await readdir(fixturesDir)).filter((f) => f.endsWith('.json')).sort().map((f) => join(fixturesDir, f));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('rnnlab (spawned)', () => {
  it('--help prints every command and exits 0', async () => {
    const r = await rnnlab('--help');
    expect(r.code).toBe(0);
    for (const c of ['train', 'sample', 'verify', 'bench', 'engines', 'datasets', 'tokenize']) expect(r.stdout).toContain(`rnnlab ${c}`);
    expect(r.stderr).toBe('');
  });

  it('an unknown command exits 2', async () => {
    const r = await rnnlab('trian');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rnnlab: unknown command "trian"/);
  });

  it('train --task nope exits 2, lists the tasks and creates nothing', async () => {
    const dir = join(tmp, 'never-created');
    const r = await rnnlab('train', '--task', 'nope', '--checkpoint-dir', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--task: expected one of ${TASKS.join(', ')}, got "nope"`);
    expect(r.stdout).toBe('');
    expect(existsSync(dir)).toBe(false);
  });

  it('train --task text --path /nonexistent exits 2 before training', async () => {
    const dir = join(tmp, 'never-created-2');
    const r = await rnnlab('train', '--task', 'text', '--path', '/nonexistent', '--checkpoint-dir', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('rnnlab: --path: no such file "/nonexistent"\n');
    expect(r.stdout).toBe('');
    expect(existsSync(dir)).toBe(false);
  });

  it('train with a non-number learning rate exits 2 naming --lr', async () => {
    const r = await rnnlab('train', '--task', 'adding', '--lr', 'NaN');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('rnnlab: --lr: expected a positive number, got "NaN"\n');
  });

  it('a bad --threads or --engine exits 2 naming the flag, before computing anything', async () => {
    const threads = await rnnlab('train', '--task', 'adding', '--threads', '0');
    expect(threads.code).toBe(2);
    expect(threads.stderr).toBe('rnnlab: --threads: expected a positive integer <= 256, got "0"\n');
    const engine = await rnnlab('sample', '--checkpoint', 'ck', '--engine', 'tf.layers');
    expect(engine.code).toBe(2);
    expect(engine.stderr).toBe('rnnlab: --engine: expected one of auto, native, tfjs, got "tf.layers"\n');
  });

  it('verify passes on every reference fixture', async () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(7);
    const r = await rnnlab('verify', ...fixtures);
    expect(r.code).toBe(0);
    for (const f of fixtures) expect(r.stdout).toMatch(new RegExp(`${basename(f).replace(/\./g, '\\.')}: .*: ok \\(worst`));
    expect(r.stdout).not.toContain('FAIL');
    expect(r.stdout).toContain(`all ${fixtures.length} fixtures ok`);
    expect(r.stdout).toMatch(new RegExp(`\\(tolerance 1\\.00e-5, engine ${autoEngine} on backend \\w+\\)\n$`));
  });

  it('verify --engine tfjs names the engine it used', async () => {
    const r = await rnnlab('verify', '--engine', 'tfjs', fixtures[0]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^all 1 fixture ok \(tolerance 1\.00e-5, engine tfjs on backend \w+\)$/m);
  });

  it('verify --json reports every file', async () => {
    const r = await rnnlab('verify', '--json', '--tolerance', '1e-5', fixtures[0]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; engine: string; files: { file: string; ok: boolean; checks: unknown[] }[] };
    expect(report.ok).toBe(true);
    expect(report).toMatchObject({ engine: autoEngine, backend: expect.any(String) });
    expect(report.files.map((f) => f.file)).toEqual([fixtures[0]]);
    expect(report.files[0].checks.length).toBeGreaterThan(5);
  });

  it('verify exits 1 when a fixture is off by 0.01', async () => {
    const fx = JSON.parse(await readFile(fixtures[0], 'utf8')) as { outputs: { loss: number } };
    fx.outputs.loss += 0.01;
    const corrupted = join(tmp, 'corrupted.json');
    await writeFile(corrupted, JSON.stringify(fx));
    const r = await rnnlab('verify', fixtures[1], corrupted);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/corrupted\.json: .*: FAIL \(worst 1\.00e-2\)/);
    expect(r.stdout).toMatch(/outputs\.loss +1\.00e-2 +FAIL/);
    expect(r.stdout).toMatch(/1 of 2 fixtures FAIL .*: corrupted\.json/);
  });

  it('verify exits 2 for a missing file or bad JSON', async () => {
    const missing = await rnnlab('verify', join(tmp, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^rnnlab: verify: no such file ".*missing\.json"\n$/);
    const badPath = join(tmp, 'bad.json');
    await writeFile(badPath, '{"format": ');
    const bad = await rnnlab('verify', badPath);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not valid JSON/);
  });

  it('verify --engine native runs the fixtures on native, or exits 2 with the reason it is unavailable', async () => {
    const r = await rnnlab('verify', '--engine', 'native', fixtures[0]);
    if (native.available) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^all 1 fixture ok \(tolerance 1\.00e-5, engine native on backend \w+\)$/m);
    } else {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`rnnlab: --engine native: engine native is not available: ${native.reason}\n`);
      expect(r.stdout).toBe('');
    }
  });

  it('engines --json lists native and tfjs, says why one is unavailable, and which one auto picks', async () => {
    const r = await rnnlab('engines', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { engines: { name: string; available: unknown; reason?: unknown; detail?: unknown }[]; auto: string; backend: { name: string } };
    expect(out.engines.map((e) => e.name)).toEqual(['native', 'tfjs']);
    for (const e of out.engines) {
      expect(typeof e.available, e.name).toBe('boolean');
      if (e.available) expect(e.detail, e.name).toEqual(expect.stringMatching(/\S/));
      else expect(e.reason, e.name).toEqual(expect.stringMatching(/\S/));
    }
    expect(out.engines[0]).toMatchObject({ available: native.available, ...(!native.available && { reason: native.reason }) });
    expect(out.engines[1].available).toBe(true);
    expect(out.auto).toBe(autoEngine);
    expect(out.backend.name).toMatch(/^(tensorflow|wasm|cpu)$/);

    const table = await rnnlab('engines');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^native +${native.available ? 'yes' : 'no'} +\\S`, 'm'));
    expect(table.stdout).toMatch(/^tfjs +yes +\S/m);
    expect(table.stdout).toContain(`auto picks: ${autoEngine}\n`);
  });

  it('train --engine native trains a tiny run, or exits 2 with the reason before writing anything', async () => {
    const dir = join(tmp, 'ck-native');
    const r = await rnnlab('train', '--engine', 'native', '--threads', '1', '--task', 'adding', '--seq-len', '10', '--hidden', '8', '--batch', '8', '--steps', '5', '--json', '--checkpoint-dir', dir);
    if (native.available) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const last = JSON.parse(r.stdout.trimEnd().split('\n').at(-1) ?? '') as { event: string; steps: number };
      expect(last).toMatchObject({ event: 'done', steps: 5 });
      expect(existsSync(dir)).toBe(true);
    } else {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`rnnlab: --engine native: engine native is not available: ${native.reason}\n`);
      expect(r.stdout).toBe('');
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('bench --engine tf.layers --cell times the baseline only, one JSON line per config', async () => {
    const r = await rnnlab('bench', '--engine', 'tf.layers', '--cell', 'gru', '--layers', '2', '--hidden', '4', '--batch', '2', '--seq-len', '3', '--vocab', '5', '--min-time', '0.001', '--reps', '1', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const res = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(res).toMatchObject({ kind: 'train', engine: 'tf.layers', backend: expect.any(String), cell: 'gru', layers: 2, hidden: 4, B: 2, T: 3, V: 5 });
    expect(res.tokens_per_s).toBeGreaterThan(0);
    expect(res.sec_per_step).toBeGreaterThan(0);
  });

  it('datasets --json lists every task', async () => {
    const r = await rnnlab('datasets', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; kind: string }[];
    expect(list.map((d) => d.name)).toEqual([...TASKS]);
  });

  it('tokenize shows tokens and ids, and rejects invalid UTF-8 with exit 2', async () => {
    const ok = await rnnlab('tokenize', '--tokenizer', 'char', '--text', 'abba');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/tokens {6}4/);
    expect(ok.stdout).toMatch(/^0 +\d+ +"a"$/m);
    const badFile = join(tmp, 'latin1.txt');
    await writeFile(badFile, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café" in Latin-1
    const bad = await rnnlab('tokenize', '--tokenizer', 'char', '--file', badFile);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^rnnlab: --file: expected UTF-8 text .*invalid byte sequence at byte 3/);
    expect(bad.stdout).toBe('');
  });

  it('train --json prints one JSON event per line and ends with the done summary', async () => {
    const dir = join(tmp, 'ck-adding');
    const r = await rnnlab('train', '--task', 'adding', '--seq-len', '10', '--hidden', '8', '--batch', '8', '--steps', '20', '--json', '--checkpoint-dir', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });
    expect(events[0]).toMatchObject({ event: 'start', params: 393, dataset: { name: 'adding', sizes: { val: 2000 } }, resumedFromStep: null });
    expect(events[1]).toMatchObject({ event: 'step', step: 1 });
    expect(events.filter((e) => e.event === 'step').at(-1)).toMatchObject({ step: 20 });
    expect(events.some((e) => e.event === 'eval' && e.split === 'val')).toBe(true);
    const checkpoint = events.find((e) => e.event === 'checkpoint');
    expect(checkpoint).toBeDefined();
    expect(existsSync(checkpoint?.path as string)).toBe(true);
    const last = events.at(-1);
    expect(Object.keys(last ?? {}).slice(0, 1)).toEqual(['event']);
    expect(last).toMatchObject({ event: 'done', steps: 20, stoppedEarly: false });
    expect(last).toHaveProperty('val.mse');
    expect(last).toHaveProperty('test.mse');
    expect(last?.params).toBeGreaterThan(0);
    expect(last?.tokens_per_s).toBeGreaterThan(0);
    expect(last?.baseline).toMatchObject({ mean_predictor_mse: expect.closeTo(1 / 6, 1) as number });
  });

  it('trains a tiny language model and samples from its checkpoint', async () => {
    const dir = join(tmp, 'ck-names');
    const t = await rnnlab('train', '--task', 'names', '--hidden', '8', '--batch', '8', '--steps', '5', '--eval-batches', '1', '--checkpoint-dir', dir);
    expect(t.stderr).toBe('');
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^step 5\/5 /m);
    expect(t.stdout).toMatch(/^done: 5 steps/m);
    const s = await rnnlab('sample', '--checkpoint', dir, '--length', '30', '--seed', '3', '--temperature', '0.8');
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    expect(s.stdout.length).toBeGreaterThan(1);
    const missing = await rnnlab('sample', '--checkpoint', join(tmp, 'no-such-dir'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^rnnlab: --checkpoint: no such file/);
  });
});
