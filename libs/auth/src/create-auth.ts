/**
 * The better-auth instance of the dashboard: email and password (no self sign-up: admins add users),
 * the admin plugin for the three roles, sessions in the database (a role change or a revoked session
 * counts on the next request), better-auth's rate limiter on in every NODE_ENV (sign-in: 10 a
 * minute per client address) and its origin checks on, and a plugin of ours holding the API token
 * table and the per-account sign-in limit (login-limiter.ts). Tables are `auth_*`.
 */
import { betterAuth, type BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { admin } from 'better-auth/plugins/admin';
import { createAccessControl } from 'better-auth/plugins/access';
import { defaultStatements } from 'better-auth/plugins/admin/access';
import type { AuthDatabase } from './auth-database';
import { LoginLimiter } from './login-limiter';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './schemas';

export const SESSION_DAYS = 7;
export const SIGN_IN_RATE = { window: 60, max: 10 } as const;
export const ACCOUNT_LOCK = { maxFailures: 5, windowMs: 15 * 60_000 } as const;

// the admin plugin's own endpoints (/api/auth/admin/*) follow these; the dashboard's pages and
// actions check the role ranking in roles.ts themselves
const ac = createAccessControl(defaultStatements);
export const ACCESS_ROLES = {
  viewer: ac.newRole({ user: [], session: [] }),
  editor: ac.newRole({ user: [], session: [] }),
  admin: ac.newRole({ user: ['create', 'list', 'set-role', 'ban', 'delete', 'set-password', 'get', 'update'], session: ['list', 'revoke', 'delete'] }),
};

/** the API token table and the per-account sign-in limit */
function rnnlabPlugin(limiter: LoginLimiter) {
  const isSignIn = (ctx: { path?: string }) => ctx.path === '/sign-in/email';
  const accountOf = (body: unknown) => {
    const email = (body as { email?: unknown } | null)?.email;
    return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
  };
  return {
    id: 'rnnlab',
    schema: {
      apiToken: {
        modelName: 'auth_api_token',
        fields: {
          name: { type: 'string', required: true },
          /** SHA-256 (hex) of the token; the token itself is shown once and never stored */
          tokenHash: { type: 'string', required: true, unique: true },
          /** its first characters, to tell tokens apart in a list */
          start: { type: 'string', required: true },
          userId: { type: 'string', required: true, index: true, references: { model: 'user', field: 'id', onDelete: 'cascade' } },
          createdAt: { type: 'date', required: true },
          lastUsedAt: { type: 'date', required: false },
        },
      },
    },
    hooks: {
      before: [
        {
          matcher: isSignIn,
          handler: createAuthMiddleware(async (ctx) => {
            const wait = limiter.retryAfter(accountOf(ctx.body));
            if (wait !== null) {
              throw new APIError('TOO_MANY_REQUESTS', { message: `Too many failed sign-ins for this account; try again in ${wait} s.` }, { 'Retry-After': String(wait), 'X-Retry-After': String(wait) });
            }
          }),
        },
      ],
      after: [
        {
          matcher: isSignIn,
          handler: createAuthMiddleware(async (ctx) => {
            const account = accountOf(ctx.body);
            if (!account) return;
            if (ctx.context.newSession) limiter.succeeded(account);
            else limiter.failed(account);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

/**
 * better-auth's log lines, less the warning that no base URL is set: without BETTER_AUTH_URL each
 * request's own origin is the base on purpose (the dashboard answers at 127.0.0.1, localhost or a
 * team's host name alike), and its origin checks then compare against that origin.
 */
function logLine(level: 'debug' | 'info' | 'warn' | 'error', message: string, ...args: unknown[]): void {
  if (level === 'debug' || message.includes('Base URL is not set')) return;
  (level === 'error' ? console.error : level === 'warn' ? console.warn : console.log)(`[better-auth] ${level}: ${message}`, ...args);
}

/**
 * The origin a request was sent to, from its Host header (X-Forwarded-Host and -Proto behind a
 * proxy), which is what the browser's Origin must match when no BETTER_AUTH_URL fixes the origin;
 * null when the headers name none. A page on another site cannot forge these headers (they are not
 * ones a cross-site form or fetch may set), so this is the comparison Next makes for server actions.
 */
export function requestOrigin(headers: Headers): string | null {
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!host || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return null;
  const proto = headers.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return `${proto}://${host.toLowerCase()}`;
}

export interface CreateAuthOptions {
  database: AuthDatabase;
  secret: string;
  /** the dashboard's public URL (BETTER_AUTH_URL); unset, each request's own origin is the base */
  baseURL?: string;
  /** proxies in front of the dashboard whose X-Forwarded-For entries are skipped (RNNLAB_TRUSTED_PROXIES) */
  trustedProxies?: string[];
  /** e.g. Next.js' cookie plugin, so that server actions can sign in and out */
  plugins?: BetterAuthPlugin[];
}

export function createAuth(o: CreateAuthOptions) {
  const limiter = new LoginLimiter(ACCOUNT_LOCK);
  return betterAuth({
    appName: 'rnnlab',
    secret: o.secret,
    // without a fixed base URL, the origin each request was sent to is the one its Origin must name
    ...(o.baseURL ? { baseURL: o.baseURL } : { trustedOrigins: (request?: Request) => (request ? [requestOrigin(request.headers)] : []) }),
    basePath: '/api/auth',
    database: { db: o.database.db, type: o.database.type, transaction: true },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: MAX_PASSWORD_LENGTH },
    user: { modelName: 'auth_user' },
    session: { modelName: 'auth_session', expiresIn: SESSION_DAYS * 24 * 3600, updateAge: 24 * 3600 },
    account: { modelName: 'auth_account' },
    verification: { modelName: 'auth_verification' },
    // on whatever NODE_ENV says (better-auth turns it off outside production by default)
    rateLimit: { enabled: true, storage: 'memory', window: 60, max: 100, customRules: { '/sign-in/*': SIGN_IN_RATE } },
    advanced: {
      cookiePrefix: 'rnnlab',
      // Secure cookies when the public URL is https; unset, the dashboard is reached over plain http
      // (127.0.0.1, or a team's LAN name), where a browser would drop a Secure cookie
      useSecureCookies: o.baseURL?.startsWith('https://') ?? false,
      // better-auth skips these under NODE_ENV=test unless told
      disableOriginCheck: false,
      disableCSRFCheck: false,
      ...(o.trustedProxies?.length ? { ipAddress: { trustedProxies: o.trustedProxies } } : {}),
    },
    telemetry: { enabled: false },
    logger: { log: logLine },
    plugins: [admin({ ac, roles: ACCESS_ROLES, defaultRole: 'viewer', adminRoles: ['admin'] }), rnnlabPlugin(limiter), ...(o.plugins ?? [])],
  });
}

export type Auth = ReturnType<typeof createAuth>;
