/**
 * Rungs of a sweep under successive halving: each trial that reaches a rung records its metric
 * there and the decision taken (continue or stop), once. The decision is made in the same
 * transaction as the read of the trials already at the rung, serialized per (experiment, rung),
 * so two trials arriving together see each other in order; a trial that reaches the rung again
 * (its job ran twice, or it resumed from before the rung) gets the decision recorded the first time.
 */
import type { StoreContext } from './store-context';
import { checkId, checkInt, fail } from './validate';

export type RungDecision = 'continue' | 'stop';

export interface RungRecord {
  experimentId: string;
  step: number;
  runId: string;
  value: number;
  decision: RungDecision;
}

export interface SweepRungsRepository {
  /**
   * Record `runId` at the rung `step` with `value`, deciding with `decide(earlier)` over the values
   * recorded there before it (in arrival order); returns the decision (the recorded one when the
   * trial was there already) and how many trials the rung holds with it.
   * @example const { decision } = await store.recordRung({ experimentId, step: 200, runId, value: 0.03, decide: (xs) => ashaDecision(0.03, xs, 3) })
   */
  recordRung(r: { experimentId: string; step: number; runId: string; value: number; decide: (earlier: number[]) => RungDecision }): Promise<{ decision: RungDecision; trials: number; recorded: boolean }>;
  /** every record of an experiment, by rung then arrival */
  listRungs(experimentId: string): Promise<RungRecord[]>;
}

export function createSweepRungsRepository(ctx: StoreContext): SweepRungsRepository {
  const { db } = ctx;
  return {
    async recordRung(r) {
      const fn = 'recordRung';
      checkId(fn, 'experimentId', r.experimentId);
      checkId(fn, 'runId', r.runId);
      checkInt(fn, 'step', r.step, 1);
      if (!Number.isFinite(r.value)) fail(fn, 'value', 'to be finite', r.value);
      return ctx.transaction(async (trx) => {
        await ctx.lockRun(trx, `${r.experimentId}@${r.step}`);
        const rows = await trx
          .selectFrom('sweep_rungs')
          .select(['run_id', 'value', 'decision'])
          .where('experiment_id', '=', r.experimentId)
          .where('step', '=', r.step)
          .orderBy('created_at')
          .orderBy('run_id')
          .execute();
        const mine = rows.find((x) => x.run_id === r.runId);
        if (mine) return { decision: mine.decision as RungDecision, trials: rows.length, recorded: false };
        const decision = r.decide(rows.map((x) => Number(x.value)));
        if (decision !== 'continue' && decision !== 'stop') fail(fn, 'decide()', "'continue' or 'stop'", decision);
        await trx
          .insertInto('sweep_rungs')
          .values({ experiment_id: r.experimentId, step: r.step, run_id: r.runId, value: r.value, decision, created_at: ctx.now })
          .execute();
        return { decision, trials: rows.length + 1, recorded: true };
      });
    },

    async listRungs(experimentId) {
      checkId('listRungs', 'experimentId', experimentId);
      const rows = await db.selectFrom('sweep_rungs').selectAll().where('experiment_id', '=', experimentId).orderBy('step').orderBy('created_at').orderBy('run_id').execute();
      return rows.map((x) => ({ experimentId: x.experiment_id, step: Number(x.step), runId: x.run_id, value: Number(x.value), decision: x.decision as RungDecision }));
    },
  };
}
