/**
 * Checkpoints: everything needed to continue a run exactly where it stopped — weights, optimizer
 * state, step, RNG states, data position, carried LM state, early-stopping state — plus the config and
 * tokenizers so a checkpoint alone can sample. Written atomically (temp file, fsync, rename) with a
 * SHA-256 of the body; the newest two are kept; loading skips files whose hash does not match.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const CHECKPOINT_FORMAT = 'rnnlab-checkpoint';
export const CHECKPOINT_VERSION = 1;
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
  version: z.literal(CHECKPOINT_VERSION),
  step: z.number().int().min(0),
  config: z.unknown(),
  modelSpec: z.unknown(),
  weights: z.record(z.string(), packed),
  optimizer: z.object({ kind: z.string(), t: z.number().int(), slots: z.record(z.string(), z.record(z.string(), packed)) }),
  rng: z.record(z.string(), z.unknown()),
  data: z.unknown(),
  carried: z.array(z.object({ h: packed, c: packed.nullable() })).nullable(),
  early: z.object({ best: z.number().nullable(), bestStep: z.number(), badEvals: z.number() }),
  tokenizers: z.record(z.string(), z.unknown()),
  elapsedMs: z.number(),
  tokens: z.number(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

function hashOf(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Write atomically; returns the file path and hash. Older checkpoints beyond the newest KEEP are removed. */
export async function writeCheckpoint(dir: string, ck: Checkpoint): Promise<{ path: string; sha256: string }> {
  await mkdir(dir, { recursive: true });
  const body = JSON.stringify(ck);
  const sha256 = hashOf(body);
  const name = `ckpt-${String(ck.step).padStart(9, '0')}.json`;
  const path = join(dir, name);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(JSON.stringify({ sha256 }) + '\n' + body);
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

/** Read and validate one checkpoint file; throws a clear error on a bad hash or format. */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new Error(`cannot read checkpoint ${path}: ${e.message}`);
  });
  const nl = text.indexOf('\n');
  let header: { sha256?: string } = {};
  try {
    header = JSON.parse(text.slice(0, nl));
  } catch {
    throw new Error(`checkpoint ${path} is corrupt: bad header`);
  }
  const body = text.slice(nl + 1);
  if (nl < 0 || header.sha256 !== hashOf(body)) throw new Error(`checkpoint ${path} is corrupt: SHA-256 mismatch (truncated or edited)`);
  const parsed = CheckpointSchema.safeParse(JSON.parse(body));
  if (!parsed.success) {
    throw new Error(`checkpoint ${path} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The newest valid checkpoint in a directory (corrupt ones are skipped), or null. */
export async function latestCheckpoint(dir: string): Promise<{ path: string; checkpoint: Checkpoint } | null> {
  const files = await listCheckpoints(dir);
  for (const f of files.reverse()) {
    try {
      return { path: join(dir, f), checkpoint: await readCheckpoint(join(dir, f)) };
    } catch {
      // a truncated or corrupt file: fall back to the previous one
    }
  }
  return null;
}
