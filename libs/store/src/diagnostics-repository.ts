/**
 * The trainer's diagnostics (per-layer gradient norms, spectral norms, saturation, ||dL/dh_t||),
 * one document per (run, step). The first write wins: a re-run attempt cannot change them.
 */
import type { DiagnosticsEvent } from '@rnnlab/contracts';
import { fromJson, toJson } from './json-column';
import type { StoreContext } from './store-context';
import { checkId, checkInt, fail } from './validate';

export interface DiagnosticsRepository {
  /** store `diagnostics` at its step; false when that step was already stored */
  addDiagnostics(runId: string, diagnostics: DiagnosticsEvent): Promise<boolean>;
  /** ordered by step */
  getDiagnostics(runId: string): Promise<DiagnosticsEvent[]>;
}

export function createDiagnosticsRepository(ctx: StoreContext): DiagnosticsRepository {
  return {
    async addDiagnostics(runId, diagnostics) {
      const fn = 'addDiagnostics';
      checkId(fn, 'runId', runId);
      if (typeof diagnostics !== 'object' || diagnostics === null) fail(fn, 'diagnostics', 'to be a DiagnosticsEvent', diagnostics);
      const step = checkInt(fn, 'diagnostics.step', diagnostics.step, 0);
      const payload = toJson(fn, 'diagnostics', diagnostics);
      const r = await ctx.write((w) =>
        w
          .insertInto('diagnostics')
          .values({ run_id: runId, step, payload, created_at: ctx.now })
          .onConflict((oc) => oc.columns(['run_id', 'step']).doNothing())
          .executeTakeFirst(),
      );
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async getDiagnostics(runId) {
      checkId('getDiagnostics', 'runId', runId);
      const rows = await ctx.db.selectFrom('diagnostics').select('payload').where('run_id', '=', runId).orderBy('step').execute();
      return rows.map((r) => fromJson<DiagnosticsEvent>(r.payload));
    },
  };
}
