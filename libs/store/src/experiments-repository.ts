/**
 * Experiments: a named spec (one run, a sweep, a comparison) that runs belong to. Creating one is
 * idempotent on the spec's hash, so a double-submitted form yields one experiment.
 */
import type { Selectable } from 'kysely';
import { StoreInputError } from './errors/store-input-error';
import { fromJson, toJson } from './json-column';
import type { ExperimentsTable } from './schema';
import type { StoreContext } from './store-context';
import { checkId, checkPage, checkText } from './validate';

export const EXPERIMENT_STATUSES = ['active', 'archived'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export interface NewExperiment {
  id: string;
  name: string;
  /** what the spec describes, e.g. `single`, `sweep`, `compare` */
  kind: string;
  spec: Record<string, unknown>;
  /** the hash that decides "the same experiment" (the producer's canonical hash of `spec`) */
  specHash: string;
}

export interface Experiment extends NewExperiment {
  createdAt: number;
  status: ExperimentStatus;
}

export interface PageQuery {
  /** default 100, at most 1000 */
  limit?: number;
  offset?: number;
}

export interface ExperimentsRepository {
  /**
   * Insert the experiment, or return the one that already has this `specHash` (`created: false`).
   * @example const { experiment, created } = await store.createExperiment({ id, name, kind: 'sweep', spec, specHash })
   */
  createExperiment(experiment: NewExperiment): Promise<{ experiment: Experiment; created: boolean }>;
  getExperiment(id: string): Promise<Experiment | null>;
  /** newest first */
  listExperiments(query?: PageQuery): Promise<Experiment[]>;
  /** store (or replace) the experiment's report: a report job that runs twice writes it twice, same content */
  putExperimentReport(experimentId: string, report: Record<string, unknown>): Promise<void>;
  /** null until its report job has run */
  getExperimentReport(experimentId: string): Promise<{ report: Record<string, unknown>; createdAt: number } | null>;
}

function toExperiment(row: Selectable<ExperimentsTable>): Experiment {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    spec: fromJson<Record<string, unknown>>(row.spec),
    specHash: row.spec_hash,
    createdAt: row.created_at,
    status: row.status as ExperimentStatus,
  };
}

export function createExperimentsRepository(ctx: StoreContext): ExperimentsRepository {
  const { db } = ctx;
  return {
    async createExperiment(e) {
      const fn = 'createExperiment';
      const row = {
        id: checkId(fn, 'id', e.id),
        name: checkText(fn, 'name', e.name, 200),
        kind: checkText(fn, 'kind', e.kind, 64),
        spec: toJson(fn, 'spec', e.spec),
        spec_hash: checkText(fn, 'specHash', e.specHash, 128),
        created_at: ctx.now,
        status: 'active',
      };
      const inserted = await ctx.write((w) =>
        w.insertInto('experiments').values(row).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst(),
      );
      if (inserted) return { experiment: toExperiment(inserted), created: true };
      const existing = await db.selectFrom('experiments').selectAll().where('spec_hash', '=', row.spec_hash).executeTakeFirst();
      if (existing) return { experiment: toExperiment(existing), created: false };
      throw new StoreInputError(`experiment id "${row.id}" already exists with a different specHash in createExperiment(); use a new id`);
    },

    async getExperiment(id) {
      checkId('getExperiment', 'id', id);
      const row = await db.selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toExperiment(row) : null;
    },

    async listExperiments(query) {
      const { limit, offset } = checkPage('listExperiments', query);
      const rows = await db
        .selectFrom('experiments')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toExperiment);
    },

    async putExperimentReport(experimentId, report) {
      const fn = 'putExperimentReport';
      checkId(fn, 'experimentId', experimentId);
      const text = toJson(fn, 'report', report);
      await ctx.write((w) =>
        w
          .insertInto('experiment_reports')
          .values({ experiment_id: experimentId, report: text, created_at: ctx.now })
          .onConflict((oc) => oc.column('experiment_id').doUpdateSet({ report: text, created_at: ctx.now }))
          .execute(),
      );
    },

    async getExperimentReport(experimentId) {
      checkId('getExperimentReport', 'experimentId', experimentId);
      const row = await db.selectFrom('experiment_reports').selectAll().where('experiment_id', '=', experimentId).executeTakeFirst();
      return row ? { report: fromJson<Record<string, unknown>>(row.report), createdAt: row.created_at } : null;
    },
  };
}
