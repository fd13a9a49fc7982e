/**
 * Accounts on a real database, once per dialect (SQLite file; PostgreSQL, a fresh database per
 * file, when the test server answers): better-auth's tables migrate beside the store's, users and
 * roles keep their rules, tokens are stored hashed, and better-auth's HTTP handler signs in, checks
 * the Origin and limits bursts as the dashboard serves it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgresDatabase, openStore, probeTestPostgres, type TestPostgresDatabase } from '@rnnlab/store';
import { hashApiToken } from './api-token';
import { Accounts, openAccounts } from './accounts';
import { AuthInputError } from './errors/auth-input-error';
import { openAuthDatabase } from './auth-database';
import { requestOrigin } from './create-auth';

const pgProbe = await probeTestPostgres();
const requireServices = process.env.RNNLAB_REQUIRE_SERVICES === '1';
if (!pgProbe.available && requireServices) throw new Error(pgProbe.reason);

const DIALECTS = [{ name: 'sqlite' as const }, ...(pgProbe.available ? [{ name: 'postgres' as const }] : [])];
if (!pgProbe.available) console.warn(`accounts.spec: PostgreSQL runs skipped: ${pgProbe.reason}`);

const ADA = { email: 'ada@example.org', name: 'Ada', password: 'correct horse battery', role: 'admin' };
const EVE = { email: 'eve@example.org', name: 'Eve', password: 'editor password', role: 'editor' };
const ORIGIN = 'http://127.0.0.1:3000';

async function rejects(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AuthInputError) return { ...e.fields };
    throw e;
  }
  throw new Error('expected an AuthInputError');
}

for (const dialect of DIALECTS) {
  describe(`accounts on ${dialect.name}`, () => {
    const home = mkdtempSync(join(tmpdir(), 'rnnlab-accounts-'));
    let pg: TestPostgresDatabase | null = null;
    let url = '';
    let accounts: Accounts;

    const signIn = (body: unknown, headers: Record<string, string> = {}) =>
      accounts.auth.handler(new Request(`${ORIGIN}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', host: '127.0.0.1:3000', origin: ORIGIN, ...headers }, body: JSON.stringify(body) }));

    const userByEmail = async (email: string) => {
      const u = (await accounts.listUsers()).find((x) => x.email === email);
      if (!u) throw new Error(`no user ${email}`);
      return u;
    };

    beforeAll(async () => {
      pg = dialect.name === 'postgres' ? await createTestPostgresDatabase() : null;
      url = pg ? pg.url : `sqlite:${join(home, 'rnnlab.db')}`;
      // the store first, as the dashboard opens it: both sets of tables in one database
      await (await openStore(url)).close();
      // two processes' worth of opening at once: one migrates, the other finds nothing to do
      const [a, b] = await Promise.all([openAccounts({ home, databaseUrl: url, env: {} }), openAccounts({ home, databaseUrl: url, env: {} })]);
      await b.close();
      accounts = a;
    });

    afterAll(async () => {
      await accounts?.close();
      await pg?.drop();
      rmSync(home, { recursive: true, force: true });
    });

    it("creates better-auth's tables beside the store's, under auth_ names, and migrates nothing the second time", async () => {
      const db = openAuthDatabase(url, {});
      try {
        const tables = (await db.db.introspection.getTables()).map((t) => t.name);
        expect(tables).toEqual(expect.arrayContaining(['auth_user', 'auth_session', 'auth_account', 'auth_verification', 'auth_api_token', 'runs', 'experiments']));
        expect(tables.filter((t) => ['user', 'session', 'account', 'verification'].includes(t))).toEqual([]);
      } finally {
        await db.destroy();
      }
      const again = await openAccounts({ home, databaseUrl: url, env: {} });
      await again.close();
    });

    it('makes the first user an admin, refuses a duplicate email, and keeps one admin at least', async () => {
      expect(await accounts.hasUsers()).toBe(false);
      expect(await rejects(accounts.addUser(EVE))).toEqual({ role: expect.stringMatching(/first user must be an admin/) });
      const ada = await accounts.addUser(ADA);
      expect(ada).toMatchObject({ email: ADA.email, name: 'Ada', role: 'admin' });
      expect(await accounts.hasUsers()).toBe(true);
      expect(await rejects(accounts.addUser({ ...EVE, email: 'ADA@example.org' }))).toEqual({ email: 'ada@example.org already has an account' });
      const eve = await accounts.addUser(EVE);
      expect((await accounts.listUsers()).map((u) => [u.email, u.role])).toEqual([
        [ADA.email, 'admin'],
        [EVE.email, 'editor'],
      ]);
      expect(await rejects(accounts.setRole({ userId: ada.id, role: 'viewer' }))).toEqual({ role: expect.stringMatching(/only admin/) });
      expect(await accounts.setRole({ userId: eve.id, role: 'admin' })).toMatchObject({ role: 'admin' });
      expect(await accounts.setRole({ userId: ada.id, role: 'viewer' })).toMatchObject({ role: 'viewer' });
      await accounts.setRole({ userId: ada.id, role: 'admin' });
      await accounts.setRole({ userId: eve.id, role: 'editor' });
      expect(await rejects(accounts.setRole({ userId: 'nobody', role: 'viewer' }))).toEqual({ userId: expect.stringMatching(/no user/) });
    });

    it('signs in with email and password into a database session that carries the role', async () => {
      const r = await signIn({ email: EVE.email, password: EVE.password });
      expect(r.status).toBe(200);
      const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      expect(cookie).toMatch(/^rnnlab\.session_token=/);
      const session = await accounts.auth.api.getSession({ headers: new Headers({ cookie, host: '127.0.0.1:3000' }) });
      expect(session?.user).toMatchObject({ email: EVE.email, role: 'editor' });
      // a role change counts on the next request: sessions read the user row
      const eve = await userByEmail(EVE.email);
      await accounts.setRole({ userId: eve.id, role: 'viewer' });
      expect((await accounts.auth.api.getSession({ headers: new Headers({ cookie, host: '127.0.0.1:3000' }) }))?.user).toMatchObject({ role: 'viewer' });
      await accounts.setRole({ userId: eve.id, role: 'editor' });
      // no self sign-up: users are added by admins
      const signUp = await accounts.auth.handler(
        new Request(`${ORIGIN}/api/auth/sign-up/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, host: '127.0.0.1:3000' }, body: JSON.stringify({ email: 'mallory@example.org', password: 'mallory password', name: 'M' }) }),
      );
      expect(signUp.status).toBeGreaterThanOrEqual(400);
      expect((await accounts.listUsers()).map((u) => u.email)).not.toContain('mallory@example.org');
    });

    it("refuses a cookie-bearing request from another site's origin", async () => {
      const r = await signIn({ email: EVE.email, password: EVE.password }, { origin: 'http://evil.example', cookie: 'rnnlab.session_token=x' });
      expect(r.status).toBe(403);
      expect(requestOrigin(new Headers({ host: '127.0.0.1:3000' }))).toBe(ORIGIN);
      expect(requestOrigin(new Headers({ host: 'dash:3000', 'x-forwarded-host': 'rnnlab.example.org', 'x-forwarded-proto': 'https' }))).toBe('https://rnnlab.example.org');
      expect(requestOrigin(new Headers({ host: 'evil.example/"><script>' }))).toBeNull();
    });

    it('answers a burst of sign-ins from one address with 429, and locks an account a guesser rotates addresses against', async () => {
      // better-auth's memory store is one per process: each dialect's suite uses its own addresses
      const net = dialect.name === 'sqlite' ? '198.51.100' : '203.0.113';
      const burst = [];
      for (let i = 0; i < 12; i++) burst.push((await signIn({ email: ADA.email, password: `wrong ${i}` }, { 'x-forwarded-for': `${net}.1` })).status);
      expect(burst.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(burst.slice(5).every((s) => s === 429)).toBe(true);
      // a new address each time: the account itself is locked now, even to the right password
      const elsewhere = await signIn({ email: ADA.email, password: ADA.password }, { 'x-forwarded-for': `${net}.2` });
      expect(elsewhere.status).toBe(429);
      expect(await elsewhere.json()).toMatchObject({ message: expect.stringMatching(/failed sign-ins for this account/) });
      // other accounts are unaffected
      expect((await signIn({ email: EVE.email, password: EVE.password }, { 'x-forwarded-for': `${net}.3` })).status).toBe(200);
    });

    it('stores API tokens only as their hash, finds their user by them, and forgets them when revoked', async () => {
      const eve = await userByEmail(EVE.email);
      const { token, info } = await accounts.createToken({ userId: eve.id, name: 'nightly' });
      expect(info).toMatchObject({ name: 'nightly', userEmail: EVE.email, role: 'editor', start: token.slice(0, 10), lastUsedAt: null });
      const db = openAuthDatabase(url, {});
      try {
        const rows = await db.db.selectFrom('auth_api_token' as never).selectAll().execute();
        expect(JSON.stringify(rows)).not.toContain(token);
        expect(JSON.stringify(rows)).toContain(hashApiToken(token));
      } finally {
        await db.destroy();
      }
      expect(await accounts.userForBearer(`Bearer ${token}`)).toMatchObject({ email: EVE.email, role: 'editor' });
      expect(await accounts.userForBearer(`Bearer rnl_${'A'.repeat(43)}`)).toEqual({ invalid: true });
      expect(await accounts.userForBearer('Bearer nope')).toEqual({ invalid: true });
      expect(await accounts.userForBearer(undefined)).toBeNull();
      expect((await accounts.listTokens()).find((t) => t.id === info.id)?.lastUsedAt).toBeInstanceOf(Date);
      expect(await accounts.revokeToken(info.id)).toBe(true);
      expect(await accounts.revokeToken(info.id)).toBe(false);
      expect(await accounts.userForBearer(`Bearer ${token}`)).toEqual({ invalid: true });
      expect(await rejects(accounts.createToken({ userId: eve.id, name: '' }))).toEqual({ name: 'give a token name' });
    });
  });
}
