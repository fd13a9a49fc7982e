/**
 * Prepared datasets in the store, shared by the fleet: a dataset spec (task, data seed, and for a
 * file its bytes) has a key; the first worker that needs it prepares it under a lease in Redis, the
 * others wait and load what it stored. So 9 runs of a comparison on the same data tokenize it once.
 * A task on an upload (`task.upload`) reads the upload's text from the store here and hands it to
 * prepareDataset(), which reads no store.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { TaskConfig } from '@rnnlab/contracts';
import { DATASET_FORMAT_VERSION, DataError, decodeDataset, encodeDataset, prepareDataset, type DatasetSources, type PreparedDataset } from '@rnnlab/datasets';
import { canonicalJson, tryLease } from '@rnnlab/queue';
import type { Store } from '@rnnlab/store';
import type { Redis } from 'ioredis';

export interface DatasetSpec {
  task: TaskConfig;
  /** the seed of the splits and fixed sets */
  seed: number;
}

export interface StoredDataset {
  /** SHA-256 of the stored bytes */
  datasetId: string;
  /** false: found prepared (by another run, or this run's earlier attempt) */
  created: boolean;
  /** the dataset itself: when this call prepared it, or found it with `load` */
  dataset: PreparedDataset | null;
  /** size of the stored bytes, when this call prepared it */
  bytes: number | null;
  /** time spent preparing (0 when found) and loading, ms */
  prepareMs: number;
  loadMs: number;
}

/** SHA-256 of the file a task reads, or null (no file, or unreadable: preparing then says why); an upload's id is its SHA-256 */
async function sourceDigest(task: TaskConfig): Promise<string | null> {
  if (task.upload) return task.upload;
  if (!task.path) return null;
  const bytes = await readFile(task.path).catch(() => null);
  return bytes ? createHash('sha256').update(bytes).digest('hex') : null;
}

/** `d-` + 32 hex digits over what the bytes depend on: the codec's version, the task, the seed, the source file */
export async function datasetKeyFor(spec: DatasetSpec): Promise<string> {
  const source = await sourceDigest(spec.task);
  const h = createHash('sha256').update(canonicalJson({ format: DATASET_FORMAT_VERSION, task: spec.task, seed: spec.seed, source })).digest('hex');
  return `d-${h.slice(0, 32)}`;
}

export interface PrepareOptions {
  /** Redis for the lease; without it (tests, one worker) two workers could prepare the same spec twice */
  redis: Redis | null;
  /** key prefix of the lease (the queue prefix) */
  prefix: string;
  /** lease time-to-live; a holder that dies delays the others by at most this */
  leaseMs?: number;
  pollMs?: number;
  /** load a dataset that is found prepared (a train job needs it; a prepare job only its id) */
  load?: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Load a stored dataset by id; throws when it is missing or its bytes no longer hash to their id. */
export async function loadStoredDataset(store: Store, datasetId: string): Promise<PreparedDataset> {
  const row = await store.getPreparedDataset(datasetId);
  if (!row) throw new Error(`prepared dataset ${datasetId} is not in the store`);
  return decodeDataset(row.data);
}

/**
 * What prepareDataset() needs besides the task: the text of `task.upload`, read from the store (its
 * bytes checked against the id). An upload that is not there fails the run: retrying cannot help.
 */
export async function datasetSourcesOf(store: Store, task: TaskConfig): Promise<DatasetSources> {
  if (task.upload === undefined) return {};
  const upload = await store.getUpload(task.upload);
  if (!upload) throw new DataError(`task.upload: no upload ${task.upload} in the store (${store.location}): upload the file on the dashboard's /datasets page first`);
  return { text: upload.text };
}

/** The stored dataset of `spec`: found, or prepared here (once across the fleet) and stored. */
export async function prepareInStore(store: Store, spec: DatasetSpec, o: PrepareOptions): Promise<StoredDataset> {
  const key = await datasetKeyFor(spec);
  const leaseKey = `${o.prefix}:dataset-lease:${key}`;
  const found = async (): Promise<StoredDataset | null> => {
    const id = await store.findPreparedDataset(key);
    if (!id) return null;
    const t0 = performance.now();
    const dataset = o.load ? await loadStoredDataset(store, id) : null;
    return { datasetId: id, created: false, dataset, bytes: null, prepareMs: 0, loadMs: performance.now() - t0 };
  };
  for (;;) {
    const have = await found();
    if (have) return have;
    const lease = o.redis ? await tryLease(o.redis, leaseKey, o.leaseMs ?? 30_000) : { release: async () => undefined };
    if (lease) {
      try {
        // another holder may have stored it between our look and our lease
        const late = await found();
        if (late) return late;
        const t0 = performance.now();
        const dataset = await prepareDataset(spec.task, spec.seed, await datasetSourcesOf(store, spec.task));
        const data = encodeDataset(dataset);
        const { id, created } = await store.putPreparedDataset({ key, config: { task: spec.task, seed: spec.seed, describe: dataset.describe }, data });
        return { datasetId: id, created, dataset, bytes: data.byteLength, prepareMs: performance.now() - t0, loadMs: 0 };
      } finally {
        await lease.release();
      }
    }
    await sleep(o.pollMs ?? 200);
  }
}
