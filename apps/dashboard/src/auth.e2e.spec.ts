/**
 * Sign-in, roles and API tokens end to end, in a real headless Chromium against a real platform
 * (redis-server, SQLite, a worker, `rnnlab dashboard`) with RNNLAB_AUTH=required; the users are made
 * as the README says, with `rnnlab users add`. Each refusal is checked where it matters: the status,
 * and that the store holds nothing new.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@rnnlab/store';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestsReady, launchBrowser } from './testing/browser';
import { runCli, startPlatform, waitFor, type Platform } from './testing/platform';

const ready = browserTestsReady('auth e2e');

const USERS = {
  admin: { email: 'ada@example.org', name: 'Ada', password: 'correct horse battery' },
  editor: { email: 'eve@example.org', name: 'Eve', password: 'editor-password-1' },
  viewer: { email: 'vic@example.org', name: 'Vic', password: 'viewer-password-1' },
} as const;
type Who = keyof typeof USERS;

/** `rnnlab users …` against the platform's database; resolves with its stdout, rejects on a non-zero exit */
async function rnnlab(env: NodeJS.ProcessEnv, args: string[], password?: string): Promise<string> {
  const r = await runCli(env, args, password);
  if (r.code !== 0) throw new Error(`rnnlab ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/**
 * POST `chunks` on a connection of its own and resolve with the status as soon as the answer comes:
 * a server refusing a body early answers before it has read it, and closes the connection (what the
 * client still writes then fails, which is not the test's concern; fetch would reuse the socket).
 */
function postRaw(target: string, headers: Record<string, string>, chunks: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'POST', headers, agent: false }, (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe.skipIf(!ready)('dashboard sign-in, roles and tokens in a browser', () => {
  let platform: Platform;
  let browser: Browser;
  let store: Store;
  let url: string;
  /** a server action request as the browser sent it (the editor queueing through /new) */
  let action: { url: string; headers: Record<string, string>; body: Buffer } | null = null;
  let editorRun = '';
  let token = '';

  const captured = () => {
    if (!action) throw new Error('no server action request was captured');
    return action;
  };
  const counts = async () => ({ runs: await store.countRuns({}), experiments: (await store.listExperiments({ limit: 1000 })).length });

  async function signIn(context: BrowserContext, who: Who): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${url}/sign-in`);
    await page.fill('input[name=email]', USERS[who].email);
    await page.fill('input[name=password]', USERS[who].password);
    await page.click('[data-testid=sign-in]');
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 30_000 });
    return page;
  }

  /** a session cookie got the way a script would (better-auth's endpoint, from this dashboard's origin) */
  async function sessionCookie(who: Who): Promise<string> {
    const r = await fetch(`${url}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ email: USERS[who].email, password: USERS[who].password }) });
    expect(r.status).toBe(200);
    return r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }

  beforeAll(async () => {
    platform = await startPlatform({ env: { ...process.env, RNNLAB_AUTH: 'required' } });
    url = platform.url;
    store = await openStore(platform.env.DATABASE_URL);
    // the first admin as the README makes it, then the others (the first user must be an admin)
    await rnnlab(platform.env, ['users', 'add', USERS.admin.email, '--role', 'admin', '--name', USERS.admin.name], USERS.admin.password);
    await Promise.all(
      (['editor', 'viewer'] as const).map((who) => rnnlab(platform.env, ['users', 'add', USERS[who].email, '--role', who, '--name', USERS[who].name], USERS[who].password)),
    );
    browser = await launchBrowser();
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await store?.close();
    await platform?.stop();
  }, 60_000);

  it('sends a signed-out visitor to /sign-in, and back to the link they opened', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/runs?status=failed`);
    await page.waitForURL(/\/sign-in\?next=/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/runs?status=failed');
    await expect(page.getByTestId('nav-user').textContent()).resolves.toMatch(/Sign in/);
    // every page that reads, not only one
    for (const path of ['/', '/experiments', '/fleet', '/new', '/users']) {
      const r = await fetch(`${url}${path}`, { redirect: 'manual' });
      expect([path, r.status, r.headers.get('location')]).toEqual([path, 307, expect.stringMatching(/\/sign-in/)]);
    }
    const events = await fetch(`${url}/api/events?runs=r-0123456789abcdef`);
    expect(events.status).toBe(401);
    await context.close();
  });

  it('lets an editor sign in, queue a small run through /new and sign out', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'editor');
    await expect(page.getByTestId('nav-user-name').textContent()).resolves.toBe(USERS.editor.name);
    await expect(page.getByTestId('nav-user-role').textContent()).resolves.toBe('editor');
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.headers()['next-action'] && !action) action = { url: r.url(), headers: r.headers(), body: r.postDataBuffer() ?? Buffer.alloc(0) };
    });
    await page.goto(`${url}/new`);
    await page.selectOption('select[name=kind]', 'run');
    await page.uncheck('input[name=cells][value=rnn]');
    await page.uncheck('input[name=cells][value=lstm]');
    await page.fill('input[name="task.seqLen"]', '10');
    await page.fill('input[name="model.hidden"]', '8');
    await page.fill('input[name="train.steps"]', '40');
    await page.click('[data-testid=submit]');
    await page.waitForURL(/\/runs\/r-[0-9a-f]{16}$/, { timeout: 90_000 });
    editorRun = page.url().split('/').pop() as string;
    expect((await store.getRun(editorRun))?.cell).toBe('gru');
    expect(action).not.toBeNull();
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    await page.click('[data-testid=sign-out]');
    await page.waitForURL(/\/sign-in$/);
    await expect(page.getByTestId('nav-user').textContent()).resolves.toMatch(/Sign in/);
    // signing out ended the session itself, not only the browser's copy of its cookie
    expect((await fetch(`${url}/api/v1/runs`, { headers: { cookie } })).status).toBe(401);
    await context.close();
  }, 180_000);

  it('lets a viewer read but not queue: the form says why and nothing is written', async () => {
    const before = await counts();
    const context = await browser.newContext();
    const page = await signIn(context, 'viewer');
    await page.goto(`${url}/runs`);
    await expect(page.locator(`a[href="/runs/${editorRun}"]`).count()).resolves.toBeGreaterThan(0);
    await page.goto(`${url}/new`);
    await page.fill('input[name="train.steps"]', '30');
    await page.click('[data-testid=submit]');
    await expect(page.getByTestId('error-form').textContent()).resolves.toMatch(/needs the editor role; Vic is a viewer/);
    expect(await counts()).toEqual(before);
    // and the admin pages are not for a viewer
    await page.goto(`${url}/users`);
    await expect(page.getByTestId('forbidden').isVisible()).resolves.toBe(true);
    await context.close();
  }, 60_000);

  it('answers unauthenticated POSTs to /api/v1/submit and to a server action with 401, and changes nothing', async () => {
    const before = await counts();
    const plan = { kind: 'run', config: { task: { name: 'adding', seqLen: 10 }, model: { cell: 'rnn', hidden: 8 }, train: { steps: 30 } } };
    const submit = await fetch(`${url}/api/v1/submit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(plan) });
    expect(submit.status).toBe(401);
    expect(submit.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect(await submit.json()).toMatchObject({ error: 'unauthorized', fields: { auth: expect.any(String) } });
    // the editor's own server action request, replayed without its session cookie
    const { url: actionUrl, headers: sent, body } = captured();
    const { cookie: _dropped, ...headers } = sent;
    const replay = await fetch(actionUrl, { method: 'POST', headers, body: new Uint8Array(body) });
    expect(replay.status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('refuses a cross-site POST that carries a valid session cookie', async () => {
    const before = await counts();
    const cookie = await sessionCookie('editor');
    const plan = { kind: 'run', config: { task: { name: 'adding', seqLen: 10 }, model: { cell: 'lstm', hidden: 8 }, train: { steps: 30 } } };
    const evil = { cookie, origin: 'http://evil.example' };
    const submit = await fetch(`${url}/api/v1/submit`, { method: 'POST', headers: { ...evil, 'content-type': 'application/json' }, body: JSON.stringify(plan) });
    expect(submit.status).toBe(403);
    expect((await submit.json()).fields.origin).toMatch(/evil\.example is not this dashboard/);
    const cancel = await fetch(`${url}/api/v1/runs/${editorRun}/cancel`, { method: 'POST', headers: evil });
    expect(cancel.status).toBe(403);
    // a form another site posts to a server action: Next refuses it before the action runs
    const sent = captured();
    const replay = await fetch(sent.url, { method: 'POST', headers: { ...sent.headers, ...evil }, body: new Uint8Array(sent.body) });
    expect(replay.status).toBeGreaterThanOrEqual(400);
    // and better-auth's own endpoints check the Origin too
    expect((await fetch(`${url}/api/auth/sign-out`, { method: 'POST', headers: { ...evil, 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
    // the same cookie from the dashboard's own origin is still good (nothing above signed it out)
    expect((await fetch(`${url}/api/v1/runs`, { headers: { cookie } })).status).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('serves /api/v1 to a valid token (made by an admin on /users) and 401 to a wrong or revoked one', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'admin');
    await page.goto(`${url}/users`);
    const editorId = await page.locator('select[name=userId] option', { hasText: USERS.editor.email }).getAttribute('value');
    await page.selectOption('select[name=userId]', editorId as string);
    await page.fill('[data-testid=create-token-form] input[name=name]', 'e2e script');
    await page.click('[data-testid=create-token]');
    token = ((await page.getByTestId('new-token').textContent({ timeout: 30_000 })) ?? '').trim();
    expect(token).toMatch(/^rnl_[A-Za-z0-9_-]{43}$/);
    const auth = { authorization: `Bearer ${token}` };

    const runs = await fetch(`${url}/api/v1/runs?cell=gru`, { headers: auth });
    expect(runs.status).toBe(200);
    expect((await runs.json()).runs.map((r: { id: string }) => r.id)).toContain(editorRun);
    const run = await fetch(`${url}/api/v1/runs/${editorRun}`, { headers: auth });
    expect(run.status).toBe(200);
    expect((await run.json()).run.id).toBe(editorRun);
    expect((await fetch(`${url}/api/v1/experiments`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${url}/api/v1/runs/not-a-run-id`, { headers: auth })).status).toBe(400);
    expect((await fetch(`${url}/api/v1/experiments/x-0000000000000000`, { headers: auth })).status).toBe(404);

    // a token's POST needs no Origin; its input is still checked field by field, and bounded
    const before = await counts();
    const bad = await fetch(`${url}/api/v1/submit`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'run', config: { task: { name: 'adding' }, train: { lr: -1 } }, extra: 1 }) });
    expect(bad.status).toBe(400);
    const badBody = await bad.json();
    expect(Object.keys(badBody.fields).length).toBeGreaterThan(0);
    expect(JSON.stringify(badBody)).not.toMatch(/\.ts:\d+|at .*\(/);
    const huge = JSON.stringify({ kind: 'run', pad: 'x'.repeat(70_000) });
    expect(await postRaw(`${url}/api/v1/submit`, { ...auth, 'content-type': 'application/json', 'content-length': String(huge.length) }, [huge])).toBe(413);
    // no Content-Length at all (chunked): counted as it arrives
    expect(await postRaw(`${url}/api/v1/submit`, { ...auth, 'content-type': 'application/json' }, Array.from({ length: 20 }, () => ' '.repeat(8192)))).toBe(413);
    expect(await counts()).toEqual(before);

    const wrong = `rnl_${'A'.repeat(43)}`;
    for (const header of [`Bearer ${wrong}`, 'Bearer not-a-token', `Basic ${Buffer.from('a:b').toString('base64')}`]) {
      expect([header, (await fetch(`${url}/api/v1/runs`, { headers: { authorization: header } })).status]).toEqual([header, 401]);
    }

    // revoked on /users: refused from then on
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${url}/users`);
    await page.locator('[data-testid=tokens-table] tr', { hasText: 'e2e script' }).locator('button').click();
    await waitFor('the token to stop working', 20_000, async () => ((await fetch(`${url}/api/v1/runs`, { headers: auth })).status === 401 ? true : null), platform.dashboard.output);
    await context.close();
  }, 120_000);

  it('answers a burst of sign-ins with 429', async () => {
    const attempt = (password: string, ip?: string) =>
      fetch(`${url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url, ...(ip ? { 'x-forwarded-for': ip } : {}) },
        body: JSON.stringify({ email: USERS.viewer.email, password }),
      }).then((r) => r.status);
    const statuses = await Promise.all(Array.from({ length: 15 }, (_, i) => attempt(`wrong-password-${i}`)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // a guesser that claims another address each time is held back by the account it guesses at
    const spoofed = await attempt(USERS.viewer.password, '203.0.113.9');
    expect(spoofed).toBe(429);
  }, 60_000);
});
