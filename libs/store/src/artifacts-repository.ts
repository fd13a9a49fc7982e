/**
 * Files a run produced for download (its model exported for TensorFlow.js, ...), one row per
 * (run, kind, name): `kind` groups the files of one format (`tfjs-layers`), `name` is a file name
 * inside it (`model.json`, `weights.bin`). A put is idempotent: the first write of a key wins and a
 * later one changes nothing (a job that runs twice stores its files once). Each blob is stored with
 * its SHA-256 and size, and re-hashed on read.
 */
import type { StoreContext } from './store-context';
import { MAX_BLOB_BYTES } from './checkpoints-repository';
import { asBuffer, sha256Hex } from './content-hash';
import { IntegrityError } from './errors/integrity-error';
import { checkId, checkMatch, fail } from './validate';

/** an artifact kind: a lowercase format name */
export const ARTIFACT_KIND_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** an artifact name: a plain file name, never a path */
export const ARTIFACT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface ArtifactInfo {
  runId: string;
  kind: string;
  name: string;
  sha256: string;
  bytes: number;
  createdAt: number;
}

export interface StoredArtifact extends ArtifactInfo {
  data: Uint8Array;
}

export interface ArtifactsRepository {
  /**
   * Store `data` as the run's artifact `kind`/`name` unless that key is stored already. Returns the
   * stored artifact's info (the earlier one's when it was there) and whether this call created it.
   * @example await store.putArtifact(runId, 'tfjs-layers', 'model.json', new TextEncoder().encode(json))
   */
  putArtifact(runId: string, kind: string, name: string, data: Uint8Array): Promise<ArtifactInfo & { created: boolean }>;
  /** the artifact with its bytes, or null; throws IntegrityError when the bytes no longer match their hash */
  getArtifact(runId: string, kind: string, name: string): Promise<StoredArtifact | null>;
  /** the run's artifacts (of one kind, if given) without their bytes, by kind then name */
  listArtifacts(runId: string, kind?: string): Promise<ArtifactInfo[]>;
}

function checkKey(fn: string, runId: unknown, kind: unknown, name: unknown): void {
  checkId(fn, 'runId', runId);
  checkMatch(fn, 'kind', kind, ARTIFACT_KIND_PATTERN);
  checkMatch(fn, 'name', name, ARTIFACT_NAME_PATTERN);
}

export function createArtifactsRepository(ctx: StoreContext): ArtifactsRepository {
  const { db } = ctx;
  const INFO = ['run_id', 'kind', 'name', 'sha256', 'bytes', 'created_at'] as const;
  const toInfo = (r: { run_id: string; kind: string; name: string; sha256: string; bytes: number; created_at: number }): ArtifactInfo => ({
    runId: r.run_id,
    kind: r.kind,
    name: r.name,
    sha256: r.sha256,
    bytes: r.bytes,
    createdAt: r.created_at,
  });

  return {
    async putArtifact(runId, kind, name, data) {
      const fn = 'putArtifact';
      checkKey(fn, runId, kind, name);
      if (!(data instanceof Uint8Array)) fail(fn, 'data', 'to be a Uint8Array', data);
      if (data.byteLength > MAX_BLOB_BYTES) fail(fn, 'data', `to be at most ${MAX_BLOB_BYTES} bytes`, data);
      const sha256 = sha256Hex(data);
      const blob = asBuffer(data);
      const r = await ctx.write((w) =>
        w
          .insertInto('artifacts')
          .values({ run_id: runId, kind, name, sha256, bytes: blob.byteLength, data: blob, created_at: ctx.now })
          .onConflict((oc) => oc.columns(['run_id', 'kind', 'name']).doNothing())
          .executeTakeFirst(),
      );
      const created = Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
      const row = await db.selectFrom('artifacts').select(INFO).where('run_id', '=', runId).where('kind', '=', kind).where('name', '=', name).executeTakeFirstOrThrow();
      return { ...toInfo(row), created };
    },

    async getArtifact(runId, kind, name) {
      checkKey('getArtifact', runId, kind, name);
      const row = await db.selectFrom('artifacts').selectAll().where('run_id', '=', runId).where('kind', '=', kind).where('name', '=', name).executeTakeFirst();
      if (!row) return null;
      const actual = sha256Hex(row.data);
      if (actual !== row.sha256 || row.data.byteLength !== row.bytes) {
        throw new IntegrityError(
          `artifact ${kind}/${name} of run "${runId}" is corrupt: sha256 ${actual} (${row.data.byteLength} bytes), expected ${row.sha256} (${row.bytes} bytes)`,
          row.sha256,
          actual,
        );
      }
      return { ...toInfo(row), data: row.data };
    },

    async listArtifacts(runId, kind) {
      checkId('listArtifacts', 'runId', runId);
      if (kind !== undefined) checkMatch('listArtifacts', 'kind', kind, ARTIFACT_KIND_PATTERN);
      let q = db.selectFrom('artifacts').select(INFO).where('run_id', '=', runId);
      if (kind !== undefined) q = q.where('kind', '=', kind);
      const rows = await q.orderBy('kind').orderBy('name').execute();
      return rows.map(toInfo);
    },
  };
}
