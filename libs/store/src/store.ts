/**
 * The Store: every repository over one database connection (SQLite) or pool (PostgreSQL), behind
 * one object. Each method checks that the store is open and turns driver errors into the store's
 * taxonomy (retryable StoreUnavailableError, unrecoverable StoreConfigError / StoreInputError).
 */
import type { StoreDialect } from './database-url';
import { classifyDriverError } from './errors/classify-driver-error';
import { StoreClosedError } from './errors/store-closed-error';
import { createArtifactsRepository, type ArtifactsRepository } from './artifacts-repository';
import { createCheckpointsRepository, type CheckpointsRepository } from './checkpoints-repository';
import { createDiagnosticsRepository, type DiagnosticsRepository } from './diagnostics-repository';
import { createEvaluationsRepository, type EvaluationsRepository } from './evaluations-repository';
import { createExperimentsRepository, type ExperimentsRepository } from './experiments-repository';
import { createMetricSeriesRepository, type MetricSeriesRepository } from './metric-series-repository';
import { createMetricsRepository, type MetricsRepository } from './metrics-repository';
import { createPreparedDatasetsRepository, type PreparedDatasetsRepository } from './prepared-datasets-repository';
import { createRunEventsRepository, type RunEventsRepository } from './run-events-repository';
import { createRunsRepository, type RunsRepository } from './runs-repository';
import { createSamplesRepository, type SamplesRepository } from './samples-repository';
import { createSweepRungsRepository, type SweepRungsRepository } from './sweep-rungs-repository';
import type { StoreContext } from './store-context';
import { createUploadsRepository, type UploadsRepository } from './uploads-repository';
import { createWorkersRepository, type WorkersRepository } from './workers-repository';

export interface Store
  extends ExperimentsRepository,
    RunsRepository,
    RunEventsRepository,
    MetricsRepository,
    MetricSeriesRepository,
    DiagnosticsRepository,
    SamplesRepository,
    CheckpointsRepository,
    ArtifactsRepository,
    WorkersRepository,
    PreparedDatasetsRepository,
    EvaluationsRepository,
    SweepRungsRepository,
    UploadsRepository {
  readonly dialect: StoreDialect;
  /** `sqlite:/abs/path/rnnlab.db` or the PostgreSQL URL with its password masked */
  readonly location: string;
  /**
   * Let calls in flight finish, then release the connection / pool. Idempotent; calls made after it
   * reject with StoreClosedError.
   */
  close(): Promise<void>;
}

type Repositories = Omit<Store, 'dialect' | 'location' | 'close'>;
type AnyMethod = (...args: unknown[]) => Promise<unknown>;

export function createStore(ctx: StoreContext): Store {
  let closing: Promise<void> | null = null;
  const repositories: Repositories = {
    ...createExperimentsRepository(ctx),
    ...createRunsRepository(ctx),
    ...createRunEventsRepository(ctx),
    ...createMetricsRepository(ctx),
    ...createMetricSeriesRepository(ctx),
    ...createDiagnosticsRepository(ctx),
    ...createSamplesRepository(ctx),
    ...createCheckpointsRepository(ctx),
    ...createArtifactsRepository(ctx),
    ...createWorkersRepository(ctx),
    ...createPreparedDatasetsRepository(ctx),
    ...createEvaluationsRepository(ctx),
    ...createSweepRungsRepository(ctx),
    ...createUploadsRepository(ctx),
  };
  // calls in flight when close() is called finish first (a checkpoint saved during shutdown commits)
  const inFlight = new Set<Promise<unknown>>();
  const guarded: Record<string, AnyMethod> = {};
  for (const [name, method] of Object.entries(repositories as unknown as Record<string, AnyMethod>)) {
    guarded[name] = (...args) => {
      if (closing) return Promise.reject(new StoreClosedError(name, ctx.location));
      const call = method(...args).catch((e: unknown) => {
        throw classifyDriverError(e, name, ctx.location);
      });
      inFlight.add(call);
      const forget = () => inFlight.delete(call);
      call.then(forget, forget);
      return call;
    };
  }
  return {
    ...(guarded as unknown as Repositories),
    dialect: ctx.dialect,
    location: ctx.location,
    close() {
      closing ??= Promise.allSettled([...inFlight]).then(() => ctx.destroy());
      return closing;
    },
  };
}
