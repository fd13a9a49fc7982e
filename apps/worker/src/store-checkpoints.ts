/**
 * The trainer's checkpoint interface over the platform's store: a run started on one machine
 * resumes on any machine that reaches the same database. Each checkpoint is one row (the same
 * header + JSON text as a checkpoint file), hash-checked on read; the store keeps the newest two.
 */
import type { Store } from '@rnnlab/store';
import { parseCheckpoint, serializeCheckpoint, type Checkpoint, type CheckpointScanResult, type CheckpointStore } from '@rnnlab/trainer';

export class StoreCheckpoints implements CheckpointStore {
  readonly location: string;

  constructor(
    private readonly store: Store,
    private readonly runId: string,
  ) {
    this.location = `store:${runId}`;
  }

  async prepare(): Promise<void> {
    // the store is reachable (the run row was read before training): nothing to create
  }

  async save(ck: Checkpoint): Promise<{ ref: string; sha256: string }> {
    const { text, sha256 } = serializeCheckpoint(ck);
    await this.store.saveCheckpoint(this.runId, ck.step, new TextEncoder().encode(text));
    return { ref: `${this.location}@${ck.step}`, sha256 };
  }

  async latest(): Promise<CheckpointScanResult> {
    const skipped: CheckpointScanResult['skipped'] = [];
    for (const meta of await this.store.listCheckpoints(this.runId)) {
      const ref = `${this.location}@${meta.step}`;
      try {
        const stored = await this.store.loadCheckpoint(this.runId, meta.step);
        if (!stored) continue; // pruned since it was listed
        const data = stored.data;
        return { found: { ref, checkpoint: parseCheckpoint(new TextDecoder().decode(data), ref) }, skipped };
      } catch (e) {
        // a corrupt newest checkpoint: fall back to the older one, and say so
        skipped.push({ ref, reason: (e as Error).message });
      }
    }
    return { found: null, skipped };
  }
}
