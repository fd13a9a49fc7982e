/**
 * The CLI against a remote dashboard, end to end: a real platform (redis-server, SQLite, a worker,
 * `rnnlab dashboard` with sign-in required) and `rnnlab` processes that know only RNNLAB_URL and an
 * API token — their own DATABASE_URL is an empty file elsewhere and their REDIS_URL a closed port, so
 * anything they did not do over /api/v1 would fail. Each command's answer is checked against the
 * platform's store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, redisServerAvailable } from '@rnnlab/local-services';
import { openStore, type Store } from '@rnnlab/store';
import { runCli, startPlatform, waitFor, type Platform } from './testing/platform';

const ready = redisServerAvailable();
if (!ready && process.env.RNNLAB_REQUIRE_SERVICES === '1') throw new Error('the remote CLI e2e needs redis-server');

const SMALL = ['--task', 'adding', '--seq-len', '10', '--size', '500', '--hidden', '8', '--batch', '16'];

describe.skipIf(!ready)('rnnlab against a remote dashboard (RNNLAB_URL, API tokens)', () => {
  let platform: Platform;
  let store: Store;
  let away: string;
  const tokens: Record<'editor' | 'viewer', string> = { editor: '', viewer: '' };
  /** the environment of a CLI on another machine: the dashboard's address and a token, no store or Redis of the platform's */
  let remoteEnv: (token: string | null) => NodeJS.ProcessEnv;

  beforeAll(async () => {
    platform = await startPlatform({ env: { ...process.env, RNNLAB_AUTH: 'required' } });
    store = await openStore(platform.env.DATABASE_URL);
    const add = async (email: string, role: string, password: string) => {
      const r = await runCli(platform.env, ['users', 'add', email, '--role', role], password);
      if (r.code !== 0) throw new Error(r.stderr);
    };
    await add('ada@example.org', 'admin', 'correct horse battery');
    await add('eve@example.org', 'editor', 'editor-password-1');
    await add('vic@example.org', 'viewer', 'viewer-password-1');
    for (const [who, email] of [['editor', 'eve@example.org'], ['viewer', 'vic@example.org']] as const) {
      const r = await runCli(platform.env, ['users', 'token', email, '--name', 'cli', '--json']);
      tokens[who] = (JSON.parse(r.stdout) as { token: string }).token;
    }
    away = mkdtempSync(join(tmpdir(), 'rnnlab-remote-cli-'));
    const closedPort = await freePort();
    remoteEnv = (token) => {
      const env: NodeJS.ProcessEnv = { ...process.env, RNNLAB_HOME: away, DATABASE_URL: `sqlite:${join(away, 'empty.db')}`, REDIS_URL: `redis://127.0.0.1:${closedPort}`, RNNLAB_URL: platform.url };
      if (token) env.RNNLAB_TOKEN = token;
      else delete env.RNNLAB_TOKEN;
      return env;
    };
  }, 400_000);

  afterAll(async () => {
    await store?.close();
    await platform?.stop();
    if (away) rmSync(away, { recursive: true, force: true });
  }, 60_000);

  it('submits a run, lists it and shows it, all over /api/v1', async () => {
    const sub = await runCli(remoteEnv(tokens.editor), ['submit', ...SMALL, '--cell', 'gru', '--steps', '30', '--json']);
    expect(sub.stderr).toBe('');
    expect(sub.code).toBe(0);
    const { id, created } = JSON.parse(sub.stdout) as { id: string; created: boolean };
    expect(created).toBe(true);
    expect((await store.getRun(id))?.config.model.cell).toBe('gru');
    await waitFor('the run to finish', 120_000, async () => ((await store.getRun(id))?.status === 'succeeded' ? true : null), platform.worker.output);
    const runs = await runCli(remoteEnv(tokens.viewer), ['runs', '--json']);
    expect(runs.code).toBe(0);
    expect((JSON.parse(runs.stdout) as { id: string; status: string }[]).find((r) => r.id === id)?.status).toBe('succeeded');
    const show = await runCli(remoteEnv(tokens.viewer), ['show', id]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`${id}\\s+succeeded\\s+adding\\s+gru`));
    expect(show.stdout).toMatch(/timeline:[\s\S]*queued[\s\S]*started/);
    // the same config again is the same run
    const again = await runCli(remoteEnv(tokens.editor), ['submit', ...SMALL, '--cell', 'gru', '--steps', '30']);
    expect(again.stdout).toMatch(`${id} was submitted before (succeeded)`);
  }, 200_000);

  it('queues a comparison and waits for its report, then prints it with rnnlab report', async () => {
    const cmp = await runCli(remoteEnv(tokens.editor), ['compare', ...SMALL, '--steps', '40', '--cells', 'rnn,gru', '--seeds', '2', '--wait', '--timeout', '240']);
    expect(cmp.stderr).toBe('');
    expect(cmp.code).toBe(0);
    const experimentId = /experiment (x-[0-9a-f]{16}): adding: rnn vs gru x 2 seeds, 4 runs, on http/.exec(cmp.stdout)?.[1] as string;
    expect(experimentId).toBeDefined();
    expect(cmp.stdout).toMatch(/RNN[\s\S]*GRU|GRU[\s\S]*RNN/);
    expect(await store.getExperimentReport(experimentId)).not.toBeNull();
    const report = await runCli(remoteEnv(tokens.viewer), ['report', experimentId, '--json']);
    expect(report.code).toBe(0);
    expect((JSON.parse(report.stdout) as { experimentId: string }).experimentId).toBe(experimentId);
  }, 300_000);

  it('queues a sweep, and cancels a run', async () => {
    const sw = await runCli(remoteEnv(tokens.editor), ['sweep', ...SMALL, '--cell', 'lstm', '--steps', '200000', '--grid', 'lr=0.01,0.003', '--json']);
    expect(sw.stderr).toBe('');
    expect(sw.code).toBe(0);
    const { experimentId, runIds } = JSON.parse(sw.stdout.trim().split('\n').pop() as string) as { experimentId: string; runIds: string[] };
    expect((await store.getExperiment(experimentId))?.kind).toBe('sweep');
    expect(runIds).toHaveLength(2);
    const cancel = await runCli(remoteEnv(tokens.editor), ['cancel', experimentId]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toMatch(/run\(s\) cancelled/);
    await waitFor('both trials cancelled', 90_000, async () => ((await Promise.all(runIds.map((r) => store.getRun(r)))).every((r) => r?.status === 'cancelled') ? true : null), platform.worker.output);
  }, 200_000);

  it('answers refusals as the CLI does: the flag for a field error, what to do for a token, exit 1 for a dashboard that is down', async () => {
    const before = await store.countRuns({});
    // the remote planner refuses an option the runs would not use, named by its flag
    const lag = await runCli(remoteEnv(tokens.editor), ['compare', ...SMALL, '--lag', '5', '--cells', 'rnn,gru']);
    expect(lag.code).toBe(2);
    expect(lag.stderr).toMatch(/^rnnlab: --lag: applies to task copy only/m);
    const viewer = await runCli(remoteEnv(tokens.viewer), ['submit', ...SMALL, '--steps', '31']);
    expect(viewer.code).toBe(2);
    expect(viewer.stderr).toMatch(/forbidden/);
    const none = await runCli(remoteEnv(null), ['runs']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/unauthorized: set RNNLAB_TOKEN to an API token/);
    const wrong = await runCli(remoteEnv('rnl_not-a-token'), ['runs']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/RNNLAB_TOKEN is not a valid API token/);
    const badId = await runCli(remoteEnv(tokens.viewer), ['report', 'x-0000000000000000']);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/no experiment x-0000000000000000/);
    const down = await runCli({ ...remoteEnv(tokens.viewer), RNNLAB_URL: `http://127.0.0.1:${await freePort()}` }, ['runs']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/is not reachable \(ECONNREFUSED\)/);
    expect(down.stderr).not.toMatch(/\n\s+at /);
    const badUrl = await runCli({ ...remoteEnv(tokens.viewer), RNNLAB_URL: 'ftp://example.org' }, ['runs']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/RNNLAB_URL: expected an http/);
    // a command that needs the store itself says so instead of reading an empty local one
    const wait = await runCli(remoteEnv(tokens.viewer), ['wait', 'r-0000000000000000']);
    expect(wait.code).toBe(2);
    expect(wait.stderr).toMatch(/wait: not against a remote dashboard \(RNNLAB_URL is set; over it: submit, compare, sweep, runs, show, report, cancel\)/);
    expect(await store.countRuns({})).toBe(before);
  }, 120_000);
});
