/**
 * Text sampled from a model during training (what a language model writes at step N), one per
 * (run, step). The first write wins.
 */
import type { StoreContext } from './store-context';
import { checkId, checkInt, fail } from './validate';

/** characters per sample; the trainer's samples are a few hundred */
export const MAX_SAMPLE_CHARS = 100_000;

export interface Sample {
  step: number;
  text: string;
  createdAt: number;
}

export interface SamplesRepository {
  /** false when a sample for this step was already stored */
  addSample(runId: string, step: number, text: string): Promise<boolean>;
  /** ordered by step */
  getSamples(runId: string): Promise<Sample[]>;
}

export function createSamplesRepository(ctx: StoreContext): SamplesRepository {
  return {
    async addSample(runId, step, text) {
      const fn = 'addSample';
      checkId(fn, 'runId', runId);
      checkInt(fn, 'step', step, 0);
      if (typeof text !== 'string' || text.length > MAX_SAMPLE_CHARS) {
        fail(fn, 'text', `to be a string of at most ${MAX_SAMPLE_CHARS} characters`, text);
      }
      // PostgreSQL text cannot hold NUL; a model can emit anything
      const clean = text.replaceAll('\0', '\uFFFD');
      const r = await ctx.write((w) =>
        w
          .insertInto('samples')
          .values({ run_id: runId, step, text: clean, created_at: ctx.now })
          .onConflict((oc) => oc.columns(['run_id', 'step']).doNothing())
          .executeTakeFirst(),
      );
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async getSamples(runId) {
      checkId('getSamples', 'runId', runId);
      const rows = await ctx.db.selectFrom('samples').select(['step', 'text', 'created_at']).where('run_id', '=', runId).orderBy('step').execute();
      return rows.map((r) => ({ step: r.step, text: r.text, createdAt: r.created_at }));
    },
  };
}
