/**
 * Users, roles and API tokens of one installation, over better-auth: what the dashboard's /users page
 * and `rnnlab users` do, with the rules both keep. The first user must be an admin (nobody could
 * manage users otherwise) and the last admin cannot be demoted. Callers check who may do what
 * (the dashboard's requireRole('admin'); the CLI is run by whoever can reach the database).
 *
 * @example
 * const accounts = await openAccounts({ home: rnnlabHome() });
 * await accounts.addUser({ email: 'ada@example.org', name: 'Ada', password: '…', role: 'admin' });
 * await accounts.close();
 */
import type { BetterAuthPlugin } from 'better-auth';
import { openAuthDatabase, type AuthDatabase } from './auth-database';
import { bearerToken, generateApiToken, hashApiToken, TOKEN_START_LENGTH } from './api-token';
import { createAuth, type Auth } from './create-auth';
import { AuthInputError } from './errors/auth-input-error';
import { migrateAuth } from './migrate-auth';
import { storedRole, type Role } from './roles';
import { NewTokenSchema, NewUserSchema, parseInput, RoleChangeSchema } from './schemas';
import { loadOrCreateSecret, type AuthSecret } from './secret';

export interface AccountUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  createdAt: Date;
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  /** the token's first characters */
  start: string;
  userId: string;
  userEmail: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface OpenAccountsOptions {
  /** RNNLAB_HOME: where a generated secret is kept */
  home: string;
  /** default: DATABASE_URL, else SQLite under RNNLAB_HOME, as the store */
  databaseUrl?: string;
  env?: NodeJS.ProcessEnv;
  plugins?: BetterAuthPlugin[];
}

interface UserRow {
  id: string;
  name: string;
  email: string;
  role?: string | null;
  createdAt: Date;
}

interface TokenRow {
  id: string;
  name: string;
  tokenHash: string;
  start: string;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const MAX_LISTED = 1000;
/** a token's last use is written at most this often */
const LAST_USED_EVERY_MS = 60_000;

const toUser = (r: UserRow): AccountUser => ({ id: r.id, name: r.name, email: r.email, role: storedRole(r.role), createdAt: new Date(r.createdAt) });

export class Accounts {
  private closing: Promise<void> | null = null;
  private sawUsers = false;

  private constructor(
    readonly auth: Auth,
    private readonly database: AuthDatabase,
    readonly secretSource: AuthSecret['source'],
  ) {}

  static async open(o: OpenAccountsOptions): Promise<Accounts> {
    const env = o.env ?? process.env;
    const { secret, source } = loadOrCreateSecret(o.home, env);
    const database = openAuthDatabase(o.databaseUrl, env);
    try {
      const trustedProxies = env.RNNLAB_TRUSTED_PROXIES?.split(',').map((s) => s.trim()).filter(Boolean);
      const auth = createAuth({ database, secret, baseURL: env.BETTER_AUTH_URL?.trim() || undefined, trustedProxies, plugins: o.plugins });
      await migrateAuth(auth.options, database);
      return new Accounts(auth, database, source);
    } catch (e) {
      await database.destroy().catch(() => undefined);
      throw e;
    }
  }

  private async adapter() {
    return (await this.auth.$context).adapter;
  }

  /** Whether any user exists (once true, remembered: users are never removed here). */
  async hasUsers(): Promise<boolean> {
    if (this.sawUsers) return true;
    this.sawUsers = (await (await this.adapter()).count({ model: 'user' })) > 0;
    return this.sawUsers;
  }

  async listUsers(): Promise<AccountUser[]> {
    const rows = await (await this.adapter()).findMany<UserRow>({ model: 'user', limit: MAX_LISTED, sortBy: { field: 'createdAt', direction: 'asc' } });
    return rows.map(toUser);
  }

  async getUser(id: string): Promise<AccountUser | null> {
    const row = await (await this.adapter()).findOne<UserRow>({ model: 'user', where: [{ field: 'id', value: id }] });
    return row ? toUser(row) : null;
  }

  /** Adds a user who signs in with email and password; AuthInputError when the input or the rules refuse it. */
  async addUser(input: unknown): Promise<AccountUser> {
    const u = parseInput(NewUserSchema, input);
    const adapter = await this.adapter();
    if (u.role !== 'admin' && (await adapter.count({ model: 'user' })) === 0) {
      throw new AuthInputError({ role: 'the first user must be an admin: nobody could add users or change roles otherwise' });
    }
    if (await adapter.findOne({ model: 'user', where: [{ field: 'email', value: u.email }] })) throw new AuthInputError({ email: `${u.email} already has an account` });
    // a server-side call without a session: our caller has checked the role
    const { user } = await this.auth.api.createUser({ body: { email: u.email, name: u.name, password: u.password, role: u.role } });
    this.sawUsers = true;
    return toUser(user as unknown as UserRow);
  }

  /** Changes a user's role; it counts from their next request (sessions and tokens read it live). */
  async setRole(input: unknown): Promise<AccountUser> {
    const { userId, role } = parseInput(RoleChangeSchema, input);
    const adapter = await this.adapter();
    const user = await this.getUser(userId);
    if (!user) throw new AuthInputError({ userId: `no user ${JSON.stringify(userId.slice(0, 64))}` });
    if (user.role === 'admin' && role !== 'admin' && (await adapter.count({ model: 'user', where: [{ field: 'role', value: 'admin' }] })) <= 1) {
      throw new AuthInputError({ role: `${user.email} is the only admin: make another user an admin first` });
    }
    const updated = await adapter.update<UserRow>({ model: 'user', where: [{ field: 'id', value: userId }], update: { role, updatedAt: new Date() } });
    if (!updated) throw new AuthInputError({ userId: `no user ${JSON.stringify(userId.slice(0, 64))}` });
    return toUser(updated);
  }

  /** A new API token for a user, returned once in full; it carries the user's role. */
  async createToken(input: unknown): Promise<{ token: string; info: ApiTokenInfo }> {
    const { userId, name } = parseInput(NewTokenSchema, input);
    const user = await this.getUser(userId);
    if (!user) throw new AuthInputError({ userId: `no user ${JSON.stringify(userId.slice(0, 64))}` });
    const token = generateApiToken();
    const row = await (await this.adapter()).create<Omit<TokenRow, 'id'>, TokenRow>({
      model: 'apiToken',
      data: { name, tokenHash: hashApiToken(token), start: token.slice(0, TOKEN_START_LENGTH), userId, createdAt: new Date(), lastUsedAt: null },
    });
    return { token, info: this.tokenInfo(row, user) };
  }

  async listTokens(): Promise<ApiTokenInfo[]> {
    const adapter = await this.adapter();
    const [rows, users] = await Promise.all([adapter.findMany<TokenRow>({ model: 'apiToken', limit: MAX_LISTED, sortBy: { field: 'createdAt', direction: 'desc' } }), this.listUsers()]);
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.flatMap((r) => {
      const u = byId.get(r.userId);
      return u ? [this.tokenInfo(r, u)] : [];
    });
  }

  /** Deletes a token; false when there was none with that id. */
  async revokeToken(id: string): Promise<boolean> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 64) return false;
    const adapter = await this.adapter();
    return (await adapter.deleteMany({ model: 'apiToken', where: [{ field: 'id', value: id }] })) > 0;
  }

  /**
   * The user an `Authorization` header's bearer token belongs to; null for no bearer header, and
   * for a token that is malformed, unknown or revoked (`{ invalid: true }` tells the two apart).
   */
  async userForBearer(authorization: string | null | undefined): Promise<AccountUser | { invalid: true } | null> {
    const token = bearerToken(authorization);
    if (token === null) return null;
    if (token === '') return { invalid: true };
    const adapter = await this.adapter();
    const row = await adapter.findOne<TokenRow>({ model: 'apiToken', where: [{ field: 'tokenHash', value: hashApiToken(token) }] });
    if (!row) return { invalid: true };
    const user = await this.getUser(row.userId);
    if (!user) return { invalid: true };
    const last = row.lastUsedAt ? new Date(row.lastUsedAt).getTime() : 0;
    if (Date.now() - last > LAST_USED_EVERY_MS) {
      await adapter.update({ model: 'apiToken', where: [{ field: 'id', value: row.id }], update: { lastUsedAt: new Date() } }).catch(() => undefined);
    }
    return user;
  }

  private tokenInfo(r: TokenRow, u: AccountUser): ApiTokenInfo {
    return { id: r.id, name: r.name, start: r.start, userId: r.userId, userEmail: u.email, role: u.role, createdAt: new Date(r.createdAt), lastUsedAt: r.lastUsedAt ? new Date(r.lastUsedAt) : null };
  }

  /** Closes the database connection; idempotent. */
  close(): Promise<void> {
    this.closing ??= this.database.destroy();
    return this.closing;
  }
}

/** Opens the accounts of the installation at `home` (its database migrated) */
export function openAccounts(o: OpenAccountsOptions): Promise<Accounts> {
  return Accounts.open(o);
}


