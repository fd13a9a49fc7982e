/**
 * better-auth's own endpoints under /api/auth/* (sign-in, sign-out, sessions, the admin plugin's),
 * through its Next.js adapter. The instance opens on first use (its tables migrate then). Its rate
 * limiter and origin checks apply here.
 */
import { toNextJsHandler } from 'better-auth/next-js';
import { getAccounts } from './accounts';

export const authHandler = toNextJsHandler(async (request: Request) => (await getAccounts()).auth.handler(request));
