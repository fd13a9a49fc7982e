/**
 * Where a run's checkpoints live. The trainer sees one interface; a directory (`rnnlab train
 * --checkpoint-dir`) is one implementation, the platform's store another, so a run started on one
 * machine can resume on any machine that reaches the same store.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { scanCheckpoints, writeCheckpoint, type Checkpoint } from './checkpoint';
import { RunInputError } from './errors/run-input-error';

export interface CheckpointScanResult {
  /** the newest valid checkpoint; `ref` names it (a file path, a store id) */
  found: { ref: string; checkpoint: Checkpoint } | null;
  /** newer checkpoints that could not be used, newest first, each with the reason */
  skipped: { ref: string; reason: string }[];
}

export interface CheckpointStore {
  /** for messages: a directory, a store URL */
  readonly location: string;
  /** fail before step 1 (with a RunInputError) when checkpoints cannot be written here */
  prepare(): Promise<void>;
  /** write one checkpoint atomically and keep the newest ones */
  save(ck: Checkpoint): Promise<{ ref: string; sha256: string }>;
  latest(): Promise<CheckpointScanResult>;
}

/** Checkpoints as files `ckpt-NNNNNNNNN.json` in a directory (created when missing). */
export class DirectoryCheckpoints implements CheckpointStore {
  /** `label` starts error messages: the CLI passes its flag (`--checkpoint-dir`) */
  constructor(
    readonly location: string,
    private readonly label = 'checkpoint directory',
  ) {}

  async prepare(): Promise<void> {
    const dir = this.location;
    const fail = (why: string) => new RunInputError(`${this.label}: "${dir}" ${why}`, ['checkpointDir']);
    const s = await stat(dir).catch(() => null);
    if (s && !s.isDirectory()) throw fail('exists and is not a directory');
    if (!s) {
      await makeDirs(dir).catch((e: NodeJS.ErrnoException) => {
        throw fail(e.code === 'ENOTDIR' ? 'cannot be created: a parent of it is a file, not a directory' : `cannot be created (${e.code ?? e.message})`);
      });
    }
    // a real write, as checkpoints will do it: catches read-only mounts, /proc and full disks now
    const probe = join(dir, `.rnnlab-write-test-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      const fh = await open(probe, 'w');
      try {
        await fh.writeFile('ok');
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw fail(`is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    } finally {
      await unlink(probe).catch(() => undefined);
    }
  }

  async save(ck: Checkpoint): Promise<{ ref: string; sha256: string }> {
    const { path, sha256 } = await writeCheckpoint(this.location, ck);
    return { ref: path, sha256 };
  }

  async latest(): Promise<CheckpointScanResult> {
    const scan = await scanCheckpoints(this.location);
    return {
      found: scan.found ? { ref: scan.found.path, checkpoint: scan.found.checkpoint } : null,
      skipped: scan.skipped.map((s) => ({ ref: s.path, reason: s.reason })),
    };
  }
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdir never returns for some paths under /proc
 * (it retries ENOENT forever), a plain mkdir fails at once.
 */
async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let d = resolve(dir);
  while (!(await stat(d).catch(() => null))) {
    missing.unshift(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing) await mkdir(m);
}
