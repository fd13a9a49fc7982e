/**
 * The dashboard's accounts (users, sessions, API tokens: @rnnlab/auth over better-auth), one per
 * server process, cached on globalThis like the store (services.ts); a failed open is forgotten so
 * that the next request tries again. Opening migrates better-auth's tables in the store's database.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { nextCookies } from 'better-auth/next-js';
import { openAccounts, type Accounts } from '@rnnlab/auth';
import { databaseUrl } from './services';

const cache = ((globalThis as { __rnnlabAccounts?: { accounts?: Promise<Accounts> } }).__rnnlabAccounts ??= {});

export const rnnlabHome = (): string => process.env.RNNLAB_HOME ?? join(homedir(), '.rnnlab');

export function getAccounts(): Promise<Accounts> {
  if (!cache.accounts) {
    // nextCookies last: it lets server actions set the cookies better-auth answers with
    cache.accounts = openAccounts({ home: rnnlabHome(), databaseUrl: databaseUrl(), plugins: [nextCookies()] });
    cache.accounts.catch(() => (cache.accounts = undefined));
  }
  return cache.accounts;
}
