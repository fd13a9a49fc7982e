/**
 * Checkpoints: everything needed to continue a run exactly where it stopped — weights, optimizer
 * state, step, RNG states, data position, carried LM state, early-stopping state with the best
 * weights — plus the config and tokenizers so a checkpoint alone can sample. A file is a header line
 * `{"sha256":…}` and the JSON body; written atomically (temp file, fsync, rename); the newest two are
 * kept; loading says which files it skipped and why.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CheckpointError } from './errors/checkpoint-error';

export const CHECKPOINT_FORMAT = 'rnnlab-checkpoint';
/** 2 added the early-stopping best weights (`bestWeights`, `early.stopped`); version 1 still loads */
export const CHECKPOINT_VERSION = 2;
const KEEP = 2;

/** A float32 array stored as base64 of its little-endian bytes. */
export interface PackedArray {
  shape: number[];
  b64: string;
}

export function pack(data: Float32Array, shape: number[]): PackedArray {
  const le = new Float32Array(data); // copy: the source may be a view into wasm memory
  return { shape, b64: Buffer.from(le.buffer, le.byteOffset, le.byteLength).toString('base64') };
}

export function unpack(p: PackedArray): Float32Array {
  const buf = Buffer.from(p.b64, 'base64');
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

const packed = z.object({ shape: z.array(z.number().int().min(0)), b64: z.string() });

export const CheckpointSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.union([z.literal(1), z.literal(CHECKPOINT_VERSION)]),
  step: z.number().int().min(0),
  config: z.unknown(),
  modelSpec: z.unknown(),
  weights: z.record(z.string(), packed),
  optimizer: z.object({ kind: z.string(), t: z.number().int(), slots: z.record(z.string(), z.record(z.string(), packed)) }),
  rng: z.record(z.string(), z.unknown()),
  data: z.unknown(),
  carried: z.array(z.object({ h: packed, c: packed.nullable() })).nullable(),
  early: z.object({
    best: z.number().nullable(),
    bestStep: z.number(),
    badEvals: z.number(),
    /** patience ran out at `step`: the run is over, `bestWeights` are its result */
    stopped: z.boolean().default(false),
  }),
  /** early stopping: the weights of the best validation step so far (null without patience) */
  bestWeights: z.record(z.string(), packed).nullable().default(null),
  tokenizers: z.record(z.string(), z.unknown()),
  elapsedMs: z.number(),
  tokens: z.number(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

function hashOf(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** A checkpoint as stored: the header line `{"sha256":…}` and the JSON body (parseCheckpoint reads it). */
export function serializeCheckpoint(ck: Checkpoint): { text: string; sha256: string } {
  const body = JSON.stringify(ck);
  const sha256 = hashOf(body);
  return { text: JSON.stringify({ sha256 }) + '\n' + body, sha256 };
}

/** Write atomically; returns the file path and hash. Older checkpoints beyond the newest KEEP are removed. */
export async function writeCheckpoint(dir: string, ck: Checkpoint): Promise<{ path: string; sha256: string }> {
  await mkdir(dir, { recursive: true });
  const { text, sha256 } = serializeCheckpoint(ck);
  const name = `ckpt-${String(ck.step).padStart(9, '0')}.json`;
  const path = join(dir, name);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  const all = await listCheckpoints(dir);
  for (const old of all.slice(0, Math.max(0, all.length - KEEP))) await unlink(join(dir, old)).catch(() => undefined);
  return { path, sha256 };
}

async function listCheckpoints(dir: string): Promise<string[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  return files.filter((f) => /^ckpt-\d+\.json$/.test(f)).sort();
}

/** Parse a checkpoint file's text; throws a CheckpointError naming `path` and the reason. */
export function parseCheckpoint(text: string, path: string): Checkpoint {
  const nl = text.indexOf('\n');
  let header: unknown = null;
  try {
    header = JSON.parse(nl < 0 ? text : text.slice(0, nl));
  } catch {
    // not JSON on the first line: not one of ours
  }
  const sha = typeof header === 'object' && header !== null ? (header as { sha256?: unknown }).sha256 : undefined;
  if (typeof sha !== 'string') {
    const what = text.length === 0 ? 'an empty file' : 'its first line is not an rnnlab checkpoint header {"sha256":…}';
    throw new CheckpointError(`${path} is not an rnnlab checkpoint (${what})`);
  }
  const body = text.slice(nl + 1);
  if (nl < 0 || sha !== hashOf(body)) throw new CheckpointError(`${path} is corrupt: its SHA-256 does not match (truncated or edited)`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CheckpointError(`${path} is corrupt: its body is not JSON`);
  }
  const v = (json as { version?: unknown } | null)?.version;
  if (typeof v === 'number' && v > CHECKPOINT_VERSION) {
    throw new CheckpointError(`${path} was written by a newer rnnlab (checkpoint version ${v}; this one reads up to ${CHECKPOINT_VERSION})`);
  }
  const parsed = CheckpointSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CheckpointError(`${path} is not a valid rnnlab checkpoint: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** Read and validate one checkpoint file; throws a CheckpointError naming the file and the reason. */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a directory' : e.code === 'EACCES' ? 'permission denied' : (e.code ?? e.message);
    throw new CheckpointError(`cannot read checkpoint ${path}: ${why}`);
  });
  return parseCheckpoint(text, path);
}

/** The result of looking for a checkpoint: the newest valid one, and every newer file that was skipped. */
export interface CheckpointScan {
  found: { path: string; checkpoint: Checkpoint } | null;
  /** newest first; each with the reason it could not be used */
  skipped: { path: string; reason: string }[];
}

/** Look for the newest valid checkpoint in a directory, saying which files were skipped and why. */
export async function scanCheckpoints(dir: string): Promise<CheckpointScan> {
  const files = await listCheckpoints(dir);
  const skipped: CheckpointScan['skipped'] = [];
  for (const f of files.reverse()) {
    try {
      return { found: { path: join(dir, f), checkpoint: await readCheckpoint(join(dir, f)) }, skipped };
    } catch (e) {
      // a truncated or corrupt file: fall back to the previous one, and say so
      skipped.push({ path: join(dir, f), reason: (e as Error).message });
    }
  }
  return { found: null, skipped };
}

/** The newest valid checkpoint in a directory (corrupt ones are skipped), or null. */
export async function latestCheckpoint(dir: string): Promise<{ path: string; checkpoint: Checkpoint } | null> {
  return (await scanCheckpoints(dir)).found;
}

/** The weights a finished run ended with: its best step's when it stopped early, else its last. */
export function trainedWeights(ck: Checkpoint): { name: string; shape: number[]; data: Float32Array }[] {
  const weights = ck.early.stopped && ck.bestWeights ? ck.bestWeights : ck.weights;
  return Object.entries(weights).map(([name, p]) => ({ name, shape: p.shape, data: unpack(p) }));
}
