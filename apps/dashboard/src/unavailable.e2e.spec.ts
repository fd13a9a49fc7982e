/**
 * The dashboard with its database down: `rnnlab dashboard` (its production build) on a PostgreSQL
 * address where nothing listens and a Redis where nothing listens. Every page answers a readable 503
 * with Retry-After, the API answers 503 in JSON, and nothing shows a stack trace. (Redis down with the
 * store up is in dashboard.e2e: the pages that read the store still work, /fleet is a 503.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, redisServerAvailable } from '@rnnlab/local-services';
import { serveDashboard, waitFor, type OwnedProcess } from './testing/platform';

const ready = redisServerAvailable();

describe.skipIf(!ready)('the dashboard with its database down', () => {
  let home: string;
  let dashboard: OwnedProcess;
  let url: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'rnnlab-unavailable-'));
    const env = { ...process.env, RNNLAB_HOME: home, DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/rnnlab`, REDIS_URL: `redis://127.0.0.1:${await freePort()}` };
    ({ dashboard, url } = await serveDashboard(env));
    await waitFor('the dashboard answering /api/health', 300_000, async () => ((await fetch(`${url}/api/health`)).status === 503 ? true : null), dashboard.output);
  }, 320_000);

  afterAll(async () => {
    await dashboard?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  }, 60_000);

  it('answers every page with a readable 503 naming the database, and the API with 503 in JSON', async () => {
    for (const path of ['/', '/runs?cell=gru', '/runs/r-0123456789abcdef', '/experiments', '/new', '/fleet', '/datasets']) {
      const r = await fetch(`${url}${path}`, { redirect: 'manual' });
      expect(r.status, path).toBe(503);
      expect(r.headers.get('retry-after'), path).toBe('5');
      const html = await r.text();
      expect(html, path).toMatch(/data-service="store"/);
      expect(html, path).toMatch(/cannot reach the database/);
      expect(html, path).toMatch(/ECONNREFUSED/);
      expect(html, path).not.toMatch(/\n\s+at .*:\d+:\d+/);
    }
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ store: expect.stringMatching(/^unavailable: /), redis: expect.stringMatching(/^unavailable: /) });
    const api = await fetch(`${url}/api/v1/runs`);
    expect(api.status).toBe(503);
    const body = (await api.json()) as { error: string; fields: Record<string, string> };
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
  }, 60_000);
});
