/**
 * What a repository needs from a dialect: the Kysely instance and the few places where SQLite and
 * PostgreSQL must be driven differently (how a write takes its lock, the clock, migrations).
 * Internal: repositories receive it, callers only see the Store.
 */
import type { Kysely, RawBuilder } from 'kysely';
import type { StoreDialect } from './database-url';
import type { Database } from './schema';

export interface StoreContext {
  readonly dialect: StoreDialect;
  /** for messages, never with a password */
  readonly location: string;
  /** for reads */
  readonly db: Kysely<Database>;
  /** the database's clock in ms since the epoch: a fleet's hosts agree on one clock */
  readonly now: RawBuilder<number>;
  /**
   * Run `fn` atomically. SQLite: BEGIN IMMEDIATE (the write lock is taken before the first read,
   * so a read-then-write cannot interleave with another writer). PostgreSQL: a transaction.
   */
  transaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Run one writing statement. SQLite takes the write lock first, as in `transaction`; PostgreSQL
   * runs it as is (a single statement is atomic there).
   */
  write<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** inside `transaction`: serialize writers of one run's rows across connections */
  lockRun(trx: Kysely<Database>, runId: string): Promise<void>;
  /** bring the schema to the latest migration, holding the dialect's cross-process lock */
  migrate(): Promise<void>;
  destroy(): Promise<void>;
}
