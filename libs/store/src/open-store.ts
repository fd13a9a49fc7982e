/**
 * `openStore()`: resolve the URL, connect, migrate, return the Store. Migrations run here, every
 * time, under the dialect's cross-process lock, so whichever process starts first migrates and the
 * others wait and find nothing to do.
 */
import { resolveDatabaseTarget } from './database-url';
import { openPostgresContext } from './dialects/postgres';
import { openSqliteContext } from './dialects/sqlite';
import { classifyDriverError } from './errors/classify-driver-error';
import { createStore, type Store } from './store';
import type { StoreContext } from './store-context';
import { checkInt } from './validate';

export interface StoreOptions {
  /** SQLite: how long a writer waits for another writer's lock before a retryable error; default 5000 ms */
  lockTimeoutMs?: number;
  /** PostgreSQL: connections in the pool; default 10 */
  poolSize?: number;
  /** PostgreSQL: how long to wait for a connection before a retryable error; default 10000 ms */
  connectTimeoutMs?: number;
}

/**
 * Open the platform's database.
 * @param url `sqlite:PATH`, `sqlite::memory:`, `postgres://…` / `postgresql://…`; default the
 *   DATABASE_URL environment variable, else `$RNNLAB_HOME/rnnlab.db` (RNNLAB_HOME: `~/.rnnlab`).
 * @throws StoreConfigError for a URL of another form or a database that cannot be used as given,
 *   StoreUnavailableError (retryable) when the server cannot be reached.
 * @example
 * const store = await openStore();            // DATABASE_URL or ~/.rnnlab/rnnlab.db
 * const { run } = await store.createRun({ id, config, configHash, engine: 'auto' });
 * await store.close();
 */
export async function openStore(url?: string, options: StoreOptions = {}): Promise<Store> {
  const target = resolveDatabaseTarget(url);
  let ctx: StoreContext;
  try {
    ctx =
      target.dialect === 'sqlite'
        ? await openSqliteContext(target, { lockTimeoutMs: checkInt('openStore', 'options.lockTimeoutMs', options.lockTimeoutMs ?? 5000, 0, 3_600_000) })
        : openPostgresContext(target, {
            poolSize: checkInt('openStore', 'options.poolSize', options.poolSize ?? 10, 1, 1000),
            connectTimeoutMs: checkInt('openStore', 'options.connectTimeoutMs', options.connectTimeoutMs ?? 10_000, 1, 3_600_000),
          });
  } catch (e) {
    throw classifyDriverError(e, 'openStore', target.location);
  }
  try {
    await ctx.migrate();
  } catch (e) {
    await ctx.destroy().catch(() => undefined);
    throw classifyDriverError(e, 'openStore', target.location);
  }
  return createStore(ctx);
}
