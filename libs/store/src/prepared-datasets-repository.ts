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
import { checkText, fail } from './validate';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface NewPreparedDataset {
  /**
   * the key of what it was prepared from (a hash of the dataset spec): `findPreparedDataset(key)`
   * finds it again without preparing it
   */
  key?: string;
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
  /** the id of the dataset prepared from `key`, or null when none was stored yet */
  findPreparedDataset(key: string): Promise<string | null>;
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
      const key = d.key === undefined ? null : checkText(fn, 'key', d.key, 128);
      const id = sha256Hex(d.data);
      const blob = asBuffer(d.data);
      // one transaction: a key never names a dataset that is not there
      const created = await ctx.transaction(async (trx) => {
        const r = await trx
          .insertInto('prepared_datasets')
          .values({ id, config, bytes: blob.byteLength, data: blob, created_at: ctx.now })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        if (key !== null) {
          await trx
            .insertInto('prepared_dataset_keys')
            .values({ key, dataset_id: id, created_at: ctx.now })
            .onConflict((oc) => oc.column('key').doNothing())
            .execute();
        }
        return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
      });
      return { id, created };
    },

    async getPreparedDataset(id) {
      if (typeof id !== 'string' || !SHA256_HEX.test(id)) fail('getPreparedDataset', 'id', 'to be a SHA-256 in lowercase hex', id);
      const row = await ctx.db.selectFrom('prepared_datasets').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const actual = sha256Hex(row.data);
      if (actual !== id) throw new IntegrityError(`prepared dataset ${id} is corrupt: its bytes hash to ${actual}`, id, actual);
      return toDataset(row);
    },

    async findPreparedDataset(key) {
      checkText('findPreparedDataset', 'key', key, 128);
      const row = await ctx.db.selectFrom('prepared_dataset_keys').select('dataset_id').where('key', '=', key).executeTakeFirst();
      return row?.dataset_id ?? null;
    },
  };
}
