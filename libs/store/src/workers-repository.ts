/**
 * The fleet: one row per worker process, refreshed by its heartbeat, so the dashboard can show who
 * runs what and the reconciler can tell a live worker from a dead one (heartbeat_at, on the
 * database's clock, older than a few intervals).
 */
import type { Selectable } from 'kysely';
import { fromJson, toJson } from './json-column';
import type { WorkersTable } from './schema';
import type { StoreContext } from './store-context';
import { checkId, checkInt, checkText, fail } from './validate';

export interface WorkerRegistration {
  /** stable for the process, e.g. `${host}-${pid}` */
  id: string;
  host: string;
  pid: number;
  /** the engine it trains with: `tfjs`, `native` */
  engine: string;
  cores: number;
  /** jobs it runs at once (at most one per core) */
  concurrency: number;
  currentRuns?: readonly string[];
}

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  engine: string;
  cores: number;
  concurrency: number;
  currentRuns: string[];
  startedAt: number;
  heartbeatAt: number;
}

export interface WorkersRepository {
  /** register (or re-register after a restart: started_at is reset) a worker */
  upsertWorker(worker: WorkerRegistration): Promise<WorkerInfo>;
  /** refresh heartbeat_at and the runs it holds; false for an unknown worker (register it again) */
  heartbeat(workerId: string, currentRuns: readonly string[]): Promise<boolean>;
  /** ordered by id */
  listWorkers(): Promise<WorkerInfo[]>;
  /** on a clean shutdown; false when it was not registered */
  removeWorker(workerId: string): Promise<boolean>;
}

function toWorker(row: Selectable<WorkersTable>): WorkerInfo {
  return {
    id: row.id,
    host: row.host,
    pid: row.pid,
    engine: row.engine,
    cores: row.cores,
    concurrency: row.concurrency,
    currentRuns: fromJson<string[]>(row.current_runs),
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
  };
}

function runIds(fn: string, value: unknown): string {
  if (!Array.isArray(value) || value.length > 1024) fail(fn, 'currentRuns', 'to be an array of at most 1024 run ids', value);
  value.forEach((id, i) => checkId(fn, `currentRuns[${i}]`, id));
  return toJson(fn, 'currentRuns', value);
}

export function createWorkersRepository(ctx: StoreContext): WorkersRepository {
  return {
    async upsertWorker(w) {
      const fn = 'upsertWorker';
      const row = {
        id: checkText(fn, 'id', w.id, 255),
        host: checkText(fn, 'host', w.host, 255),
        pid: checkInt(fn, 'pid', w.pid, 0, 2 ** 31 - 1),
        engine: checkText(fn, 'engine', w.engine, 32),
        cores: checkInt(fn, 'cores', w.cores, 1, 100_000),
        concurrency: checkInt(fn, 'concurrency', w.concurrency, 1, 100_000),
        current_runs: runIds(fn, w.currentRuns ?? []),
        started_at: ctx.now,
        heartbeat_at: ctx.now,
      };
      const saved = await ctx.write((db) =>
        db
          .insertInto('workers')
          .values(row)
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              host: eb.ref('excluded.host'),
              pid: eb.ref('excluded.pid'),
              engine: eb.ref('excluded.engine'),
              cores: eb.ref('excluded.cores'),
              concurrency: eb.ref('excluded.concurrency'),
              current_runs: eb.ref('excluded.current_runs'),
              started_at: eb.ref('excluded.started_at'),
              heartbeat_at: eb.ref('excluded.heartbeat_at'),
            })),
          )
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      return toWorker(saved);
    },

    async heartbeat(workerId, currentRuns) {
      const fn = 'heartbeat';
      checkText(fn, 'workerId', workerId, 255);
      const runs = runIds(fn, currentRuns);
      const r = await ctx.write((db) =>
        db.updateTable('workers').set({ heartbeat_at: ctx.now, current_runs: runs }).where('id', '=', workerId).executeTakeFirst(),
      );
      return Number(r.numUpdatedRows) === 1;
    },

    async listWorkers() {
      const rows = await ctx.db.selectFrom('workers').selectAll().orderBy('id').execute();
      return rows.map(toWorker);
    },

    async removeWorker(workerId) {
      checkText('removeWorker', 'workerId', workerId, 255);
      const r = await ctx.write((db) => db.deleteFrom('workers').where('id', '=', workerId).executeTakeFirst());
      return Number(r.numDeletedRows) === 1;
    },
  };
}
