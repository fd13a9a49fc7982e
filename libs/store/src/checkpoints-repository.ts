/**
 * Checkpoints as rows, so that a run started on one machine resumes on any machine that reaches
 * the store. A save is one transaction: upsert the step, then delete all but the newest
 * CHECKPOINTS_KEPT of the run, so a crash leaves either the old set or the new one. Each blob is
 * stored with its SHA-256 and re-hashed on load; a mismatch is a CheckpointIntegrityError, and
 * loadLatestCheckpoint falls back to the previous checkpoint.
 */
import type { StoreContext } from './store-context';
import { asBuffer, sha256Hex } from './content-hash';
import { CheckpointIntegrityError } from './errors/checkpoint-integrity-error';
import { checkId, checkInt, fail } from './validate';

/** the newest checkpoints kept per run: the last one, and the one before in case it is corrupt */
export const CHECKPOINTS_KEPT = 2;
/** below both SQLite's default blob limit (1e9 bytes) and PostgreSQL's bytea limit (1 GiB) */
export const MAX_BLOB_BYTES = 900_000_000;

export interface CheckpointInfo {
  runId: string;
  step: number;
  sha256: string;
  bytes: number;
  createdAt: number;
}

export interface StoredCheckpoint extends CheckpointInfo {
  data: Uint8Array;
}

export interface LatestCheckpoint {
  /** the newest checkpoint whose bytes match their hash */
  found: StoredCheckpoint | null;
  /** newer checkpoints that failed their hash check, newest first, with the reason */
  skipped: { step: number; reason: string }[];
}

export interface CheckpointsRepository {
  /** store `data` as the run's checkpoint at `step` (replacing one at the same step) and prune */
  saveCheckpoint(runId: string, step: number, data: Uint8Array): Promise<CheckpointInfo>;
  /** the checkpoint with its bytes, or null when there is none; throws CheckpointIntegrityError when corrupt */
  loadCheckpoint(runId: string, step: number): Promise<StoredCheckpoint | null>;
  /** newest first, without the data */
  listCheckpoints(runId: string): Promise<CheckpointInfo[]>;
  /** the newest valid checkpoint: what a resuming job starts from */
  loadLatestCheckpoint(runId: string): Promise<LatestCheckpoint>;
}

export function createCheckpointsRepository(ctx: StoreContext): CheckpointsRepository {
  const { db } = ctx;

  async function load(runId: string, step: number): Promise<StoredCheckpoint | null> {
    const row = await db
      .selectFrom('checkpoints')
      .select(['sha256', 'bytes', 'data', 'created_at'])
      .where('run_id', '=', runId)
      .where('step', '=', step)
      .executeTakeFirst();
    if (!row) return null;
    const actual = sha256Hex(row.data);
    if (actual !== row.sha256 || row.data.byteLength !== row.bytes) {
      throw new CheckpointIntegrityError(runId, step, row.sha256, actual, { expected: row.bytes, actual: row.data.byteLength });
    }
    return { runId, step, sha256: row.sha256, bytes: row.bytes, createdAt: row.created_at, data: row.data };
  }

  async function list(runId: string): Promise<CheckpointInfo[]> {
    const rows = await db
      .selectFrom('checkpoints')
      .select(['run_id', 'step', 'sha256', 'bytes', 'created_at'])
      .where('run_id', '=', runId)
      .orderBy('step', 'desc')
      .execute();
    return rows.map((r) => ({ runId: r.run_id, step: r.step, sha256: r.sha256, bytes: r.bytes, createdAt: r.created_at }));
  }

  return {
    async saveCheckpoint(runId, step, data) {
      const fn = 'saveCheckpoint';
      checkId(fn, 'runId', runId);
      checkInt(fn, 'step', step, 0);
      if (!(data instanceof Uint8Array)) fail(fn, 'data', 'to be a Uint8Array', data);
      if (data.byteLength > MAX_BLOB_BYTES) fail(fn, 'data', `to be at most ${MAX_BLOB_BYTES} bytes`, data);
      // hash outside the transaction: the write lock is held only for the writes
      const sha256 = sha256Hex(data);
      const blob = asBuffer(data);
      const saved = await ctx.transaction(async (trx) => {
        await ctx.lockRun(trx, runId);
        const row = await trx
          .insertInto('checkpoints')
          .values({ run_id: runId, step, sha256, bytes: blob.byteLength, data: blob, created_at: ctx.now })
          .onConflict((oc) =>
            oc.columns(['run_id', 'step']).doUpdateSet((eb) => ({
              sha256: eb.ref('excluded.sha256'),
              bytes: eb.ref('excluded.bytes'),
              data: eb.ref('excluded.data'),
              created_at: eb.ref('excluded.created_at'),
            })),
          )
          .returning(['run_id', 'step', 'sha256', 'bytes', 'created_at'])
          .executeTakeFirstOrThrow();
        await trx
          .deleteFrom('checkpoints')
          .where('run_id', '=', runId)
          .where('step', 'not in', (eb) =>
            eb.selectFrom('checkpoints').select('step').where('run_id', '=', runId).orderBy('step', 'desc').limit(CHECKPOINTS_KEPT),
          )
          .execute();
        return row;
      });
      return { runId: saved.run_id, step: saved.step, sha256: saved.sha256, bytes: saved.bytes, createdAt: saved.created_at };
    },

    async loadCheckpoint(runId, step) {
      checkId('loadCheckpoint', 'runId', runId);
      checkInt('loadCheckpoint', 'step', step, 0);
      return load(runId, step);
    },

    async listCheckpoints(runId) {
      checkId('listCheckpoints', 'runId', runId);
      return list(runId);
    },

    async loadLatestCheckpoint(runId) {
      checkId('loadLatestCheckpoint', 'runId', runId);
      const skipped: LatestCheckpoint['skipped'] = [];
      for (const info of await list(runId)) {
        try {
          const found = await load(runId, info.step);
          // pruned by a concurrent save between the list and the load: try the next one
          if (found) return { found, skipped };
        } catch (e) {
          if (!(e instanceof CheckpointIntegrityError)) throw e;
          skipped.push({ step: info.step, reason: e.message });
        }
      }
      return { found: null, skipped };
    },
  };
}
