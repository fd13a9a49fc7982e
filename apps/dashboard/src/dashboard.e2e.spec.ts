/**
 * The dashboard end to end, in a real headless Chromium (Debian's, driven by playwright-core)
 * against a real platform (redis-server, SQLite, a worker, `rnnlab dashboard`): a newcomer's first
 * comparison through the form, watched live to its verdict, a run's diagnostics, cancelling a run,
 * and bad input refused with field errors and nothing queued. Screenshots go to docs/screenshots.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@rnnlab/store';
import type { Browser, Page } from 'playwright-core';
import { browserTestsReady, launchBrowser, SHOTS } from './testing/browser';
import { startPlatform, waitFor, type Platform } from './testing/platform';

const ready = browserTestsReady('dashboard e2e');

describe.skipIf(!ready)('dashboard in a browser', () => {
  let platform: Platform;
  let browser: Browser;
  let page: Page;
  let store: Store;

  beforeAll(async () => {
    platform = await startPlatform({ workerThreads: 2 });
    store = await openStore(platform.env.DATABASE_URL);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await store?.close();
    await platform?.stop();
  }, 60_000);

  it('offers the demo comparison on an empty store', async () => {
    await page.goto(platform.url);
    await expect(page.getByTestId('first-run').textContent()).resolves.toMatch(/RNN vs LSTM vs GRU on the adding problem/);
    await page.screenshot({ path: join(SHOTS, 'first-run.png') });
  });

  it('refuses bad input beside the field and queues nothing', async () => {
    await page.goto(`${platform.url}/new`);
    await page.fill('input[name="train.lr"]', 'NaN');
    await page.fill('input[name="model.hidden"]', '-4');
    await page.selectOption('select[name="train.optimizer"]', 'rmsprop');
    await page.click('[data-testid=submit]');
    await expect(page.getByTestId('error-train.lr').textContent()).resolves.toMatch(/number/);
    expect(await page.inputValue('select[name="train.optimizer"]')).toBe('rmsprop');
    await expect(page.getByTestId('error-model.hidden').textContent()).resolves.toMatch(/1/);
    // what was typed stays
    expect(await page.inputValue('input[name="train.lr"]')).toBe('NaN');
    expect(await store.countRuns({})).toBe(0);
  }, 60_000);

  let experimentUrl = '';

  it('queues a 3-cell comparison from the form and follows it live to its verdict', async () => {
    await page.goto(`${platform.url}/new`);
    const set = async (name: string, value: string) => page.fill(`input[name="${name}"]`, value);
    await set('task.seqLen', '20');
    await set('model.hidden', '16');
    await set('train.steps', '400');
    await set('train.batch', '32');
    await set('train.lr', '0.01');
    await set('seeds', '2');
    await page.click('[data-testid=submit]');
    await page.waitForURL(/\/experiments\/x-[0-9a-f]{16}$/, { timeout: 90_000 });
    experimentUrl = page.url();
    await expect(page.getByTestId('experiment-name').textContent()).resolves.toMatch(/rnn vs lstm vs gru/);
    // live: progress events reach the page without a reload
    await page.waitForSelector('[data-testid=live-badge][data-connected=true]', { timeout: 60_000 });
    await page.waitForFunction(() => /training/.test(document.querySelector('[data-testid=live-badge]')?.textContent ?? ''), null, { timeout: 120_000 });
    await page.screenshot({ path: join(SHOTS, 'experiment-live.png'), fullPage: true });
    // the verdict appears by itself when the report is written
    await page.waitForSelector('[data-testid=verdict]', { timeout: 240_000 });
    const rows = await page.locator('[data-testid=report-table] tbody tr').allTextContents();
    expect(rows.map((r) => r.slice(0, 4).replace(/[^A-Z]/g, ''))).toEqual(expect.arrayContaining(['RNN', 'LSTM', 'GRU']));
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toMatch(/±/);
    expect((await page.getByTestId('verdict').textContent())?.length).toBeGreaterThan(20);
    // curves: every run and a mean per cell on a canvas
    expect(await page.locator('[data-testid=val-chart] canvas').count()).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('val-chart').getAttribute('data-lines'))).toBe(6 + 3);
    await page.screenshot({ path: join(SHOTS, 'experiment-report.png'), fullPage: true });
  }, 400_000);

  it("shows a run's diagnostics overlaid with the other cells'", async () => {
    await page.goto(experimentUrl);
    await page.locator('[data-testid=experiment-runs] a').first().click();
    await page.waitForURL(/\/runs\/r-[0-9a-f]{16}$/);
    await page.waitForSelector('[data-testid=gradient-overlay] canvas');
    expect(Number(await page.getByTestId('gradient-overlay').getAttribute('data-lines'))).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId('gradient-explain').textContent()).resolves.toMatch(/RNN .*LSTM .*GRU|vanish/);
    expect(await page.locator('[data-testid=saturation-heatmap] td').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'run-diagnostics.png'), fullPage: true });
  }, 60_000);

  it('queues a sweep from the form, refusing a bad axis beside its field, and ranks its trials', async () => {
    await page.goto(`${platform.url}/new`);
    await page.selectOption('select[name=kind]', 'sweep');
    await page.uncheck('input[name=cells][value=rnn]');
    await page.uncheck('input[name=cells][value=lstm]');
    await page.fill('input[name="task.seqLen"]', '10');
    await page.fill('input[name="model.hidden"]', '8');
    await page.fill('input[name="train.steps"]', '60');
    await page.fill('input[name="train.batch"]', '16');
    // the planner (on a worker) refuses a misspelt option, beside the axes field
    await page.fill('input[name="search.text"]', 'lrr=0.01,0.003');
    await page.click('[data-testid=submit]');
    await expect(page.getByTestId('error-search.text').textContent({ timeout: 90_000 })).resolves.toMatch(/unknown option "lrr"/);
    expect(await store.countRuns({})).toBe(6);
    // what was chosen stays chosen after the error (selects included)
    expect(await page.inputValue('select[name=kind]')).toBe('sweep');
    expect(await page.isChecked('input[name=cells][value=lstm]')).toBe(false);
    await page.fill('input[name="search.text"]', 'lr=0.01,0.003');
    await page.click('[data-testid=submit]');
    await page.waitForURL(/\/experiments\/x-[0-9a-f]{16}$/, { timeout: 90_000 });
    await expect(page.getByTestId('experiment-name').textContent()).resolves.toMatch(/sweep: grid lr=0.01,0.003/);
    await page.waitForSelector('[data-testid=trials-table]', { timeout: 240_000 });
    const rows = await page.locator('[data-testid=trials-table] tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows.join(' ')).toMatch(/0\.01/);
    expect(rows.join(' ')).toMatch(/0\.003/);
    await page.screenshot({ path: join(SHOTS, 'sweep-report.png'), fullPage: true });
  }, 400_000);

  it('cancels a running run from its page', async () => {
    await page.goto(`${platform.url}/new`);
    await page.selectOption('select[name=kind]', 'run');
    await page.uncheck('input[name=cells][value=rnn]');
    await page.uncheck('input[name=cells][value=lstm]');
    await page.fill('input[name="train.steps"]', '200000');
    await page.click('[data-testid=submit]');
    await page.waitForURL(/\/runs\/r-[0-9a-f]{16}$/, { timeout: 90_000 });
    const runId = page.url().split('/').pop() as string;
    await waitFor('the run to start', 120_000, async () => ((await store.getRun(runId))?.status === 'running' ? true : null), platform.worker.output);
    await page.click('[data-testid=cancel-run]');
    await expect(page.getByTestId('cancel-run-result').textContent()).resolves.toMatch(/stopping|cancelled/);
    await waitFor('the run to be cancelled', 60_000, async () => ((await store.getRun(runId))?.status === 'cancelled' ? true : null), platform.worker.output);
    await page.reload();
    await expect(page.locator('h1 .status').textContent()).resolves.toBe('cancelled');
  }, 300_000);

  it('shows HTML in names as text, and answers ids that do not match their pattern with 404', async () => {
    const id = 'x-00000000000000aa';
    const name = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await store.createExperiment({ id, name, kind: 'compare', spec: { kind: 'compare' }, specHash: id });
    for (const path of ['/experiments', `/experiments/${id}`]) {
      await page.goto(`${platform.url}${path}`);
      await expect(page.locator('main').textContent()).resolves.toContain('<img src=x onerror=');
      expect(await page.locator('main img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    }
    for (const path of ['/runs/r-XYZ', '/runs/..%2f..%2fetc%2fpasswd', '/experiments/x-123', '/runs/r-0123456789abcdef']) {
      const r = await fetch(`${platform.url}${path}`);
      expect(r.status, path).toBe(404);
      expect(await r.text()).not.toMatch(/at .*\.js:\d+/);
    }
    const api = await fetch(`${platform.url}/api/events?runs=r-1,__proto__`);
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ fields: { runs: expect.stringMatching(/run ids like/) } });
  }, 60_000);

  it('says so readably when Redis is down, queues nothing, and recovers when it is back', async () => {
    const before = await store.countRuns({});
    await platform.redis.stop();
    const health = await fetch(`${platform.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ store: 'ok', redis: expect.stringMatching(/unavailable/) });
    await page.goto(`${platform.url}/new`);
    await page.fill('input[name="train.steps"]', '123');
    await page.click('[data-testid=submit]');
    await expect(page.getByTestId('error-form').textContent()).resolves.toMatch(/Redis is not reachable.*Nothing was queued/);
    expect(await store.countRuns({})).toBe(before);
    // the fleet page shows the queue itself: a readable 503 while it is down (the pages probe at most once a second)
    const fleet = await waitFor('the fleet page to answer 503', 10_000, async () => {
      const r = await fetch(`${platform.url}/fleet`);
      return r.status === 503 ? r : null;
    }, platform.dashboard.output);
    expect(fleet.headers.get('retry-after')).toBe('5');
    expect(await fleet.text()).toMatch(/data-service="redis"[\s\S]*cannot reach Redis/);
    // the pages that read only the store still work
    const runs = await fetch(`${platform.url}/runs`);
    expect(runs.status).toBe(200);
    expect(await runs.text()).not.toMatch(/at .*\.js:\d+/); // no stack trace
    await platform.redis.restart();
    await waitFor('the dashboard to reach Redis again', 30_000, async () => ((await fetch(`${platform.url}/api/health`)).status === 200 ? true : null), platform.dashboard.output);
    await waitFor('the fleet page to come back', 10_000, async () => ((await fetch(`${platform.url}/fleet`)).status === 200 ? true : null), platform.dashboard.output);
  }, 120_000);
});

