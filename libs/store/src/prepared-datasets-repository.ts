/**
 * Prepared datasets (tokenized, split, ready to batch), stored once and shared by every worker.
 * The id is the SHA-256 of the bytes, so putting the same data twice stores it once, and a load
 * re-hashes the bytes against their id.
 */
import type { Selectable } from 'kysely';
import { asBuffer, sha256Hex } from './content-hash';
import { IntegrityError } from './errors/integrity-error';
import { fromJson, toJson } from './json-column';
import type { PreparedDatasetsTable } from './schema';
import type { StoreContext } from './store-context';
import { MAX_BLOB_BYTES } from './checkpoints-repository';
import { fail } from './validate';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface NewPreparedDataset {
  /** how it was prepared (task, tokenizer, splits): for display and reuse */
  config: Record<string, unknown>;
  data: Uint8Array;
}

export interface PreparedDataset {
  /** SHA-256 of `data`, hex */
  id: string;
  config: Record<string, unknown>;
  data: Uint8Array;
  bytes: number;
  createdAt: number;
}

export interface PreparedDatasetsRepository {
  /** store the dataset under the hash of its bytes; `created: false` when it was already there */
  putPreparedDataset(dataset: NewPreparedDataset): Promise<{ id: string; created: boolean }>;
  /** null when absent; throws IntegrityError when the bytes no longer match their id */
  getPreparedDataset(id: string): Promise<PreparedDataset | null>;
}

function toDataset(row: Selectable<PreparedDatasetsTable>): PreparedDataset {
  return { id: row.id, config: fromJson<Record<string, unknown>>(row.config), data: row.data, bytes: row.bytes, createdAt: row.created_at };
}

export function createPreparedDatasetsRepository(ctx: StoreContext): PreparedDatasetsRepository {
  return {
    async putPreparedDataset(d) {
      const fn = 'putPreparedDataset';
      if (!(d?.data instanceof Uint8Array)) fail(fn, 'data', 'to be a Uint8Array', d?.data);
      if (d.data.byteLength > MAX_BLOB_BYTES) fail(fn, 'data', `to be at most ${MAX_BLOB_BYTES} bytes`, d.data);
      const config = toJson(fn, 'config', d.config);
      const id = sha256Hex(d.data);
      const blob = asBuffer(d.data);
      const r = await ctx.write((db) =>
        db
          .insertInto('prepared_datasets')
          .values({ id, config, bytes: blob.byteLength, data: blob, created_at: ctx.now })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst(),
      );
      return { id, created: Number(r.numInsertedOrUpdatedRows ?? 0) === 1 };
    },

    async getPreparedDataset(id) {
      if (typeof id !== 'string' || !SHA256_HEX.test(id)) fail('getPreparedDataset', 'id', 'to be a SHA-256 in lowercase hex', id);
      const row = await ctx.db.selectFrom('prepared_datasets').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const actual = sha256Hex(row.data);
      if (actual !== id) throw new IntegrityError(`prepared dataset ${id} is corrupt: its bytes hash to ${actual}`, id, actual);
      return toDataset(row);
    },
  };
}
