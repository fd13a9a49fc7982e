/**
 * The training loop. Knows nothing about terminals, queues or databases: it takes a config and a
 * listener, and reports through the listener (see ../../../shared/docs/ARCHITECTURE.md).
 */
import { stat } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { dataSeedOf, type DoneEvent, type Metrics, type RunConfig, type TrainerListener } from '@rnnlab/contracts';
import { prepareDataset, taskBaseline, type Batch, type PreparedDataset } from '@rnnlab/datasets';
import { expectedParamCount, initBackend, ModelSpecSchema, RecurrentModel, type LayerState } from '@rnnlab/models';
import { Rng, type RngState } from '@rnnlab/random';
import type { TrainOptions } from './api';
import { pack, unpack, type Checkpoint, type PackedArray } from './checkpoint';
import { DirectoryCheckpoints, type CheckpointStore } from './checkpoint-store';
import { clipGradients } from './clipping';
import { diagnose } from './diagnostics';
import { CheckpointError } from './errors/checkpoint-error';
import { DivergedError } from './errors/diverged-error';
import { RunInputError } from './errors/run-input-error';
import { evaluate } from './evaluate';
import { checkMemory, defaultMemoryLimit, DEFAULT_MEMORY_SHARE, estimateBeforeData, type RunShape } from './memory';
import { primaryMetric } from './metrics';
import { lmWindow, modelSpecFor } from './model-for-task';
import { batchGradients, disposeStates } from './objectives';
import { Optimizer, type OptimizerState } from './optimizers';
import { checkpointConfig, checkResume } from './resume';
import { learningRate } from './schedules';
import { selectEngine } from './engines';

interface EarlyStop {
  best: number | null;
  bestStep: number;
  badEvals: number;
  /** patience ran out: the run is over */
  stopped: boolean;
}

type Weights = ReturnType<RecurrentModel['getWeights']>;

/** Let signal handlers, timers and I/O run: a step never holds the event loop for longer than itself. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Train a model as configured; resolves with the final summary (also sent to `listener.onDone`).
 * Before any allocation it checks the resume checkpoint (when asked), the memory the run needs and
 * the checkpoint location, and throws an unrecoverable error naming what to change.
 * @example const done = await train(parseRunConfig({ task: { name: 'adding' } }), { listener: { onStep: console.log } });
 */
export async function train(config: RunConfig, o: TrainOptions = {}): Promise<DoneEvent> {
  const listener: TrainerListener = o.listener ?? {};
  const store: CheckpointStore | null = o.checkpoints ?? (o.checkpointDir ? new DirectoryCheckpoints(o.checkpointDir) : null);
  const resumed = await findResume(config, store, o, listener);

  // memory: refuse before the dataset or the model is allocated
  const limit = o.maxMemoryBytes ?? defaultMemoryLimit();
  const limitSource = o.maxMemoryBytes !== undefined ? `set by ${o.maxMemorySource ?? 'maxMemoryBytes'}` : `${Math.round(DEFAULT_MEMORY_SHARE * 100)}% of the memory available now; raise it with --max-memory`;
  const textBytes = config.task.name === 'text' && config.task.path ? (await stat(config.task.path).catch(() => null))?.size : undefined;
  await initBackend('auto');
  const engine = await selectEngine(o.engine ?? 'auto', { threads: o.threads });
  const engineKind = engine.name === 'native' ? 'native' : 'tfjs';
  checkMemory(config, estimateBeforeData(config, engineKind, textBytes), limit, limitSource);
  const ds = o.dataset ?? (await prepareDataset(config.task, dataSeedOf(config)));
  const spec = modelSpecFor(config, ds);
  const params = expectedParamCount(ModelSpecSchema.parse(spec));
  const shape: RunShape = { params, inputVocab: ds.inputTokenizer?.vocabSize ?? ds.outputSize, outputSize: ds.outputSize, textBytes, engine: engineKind };
  const memory = checkMemory(config, shape, limit, limitSource);
  await store?.prepare();

  const model = new RecurrentModel(spec, config.seed, engine);
  const tc = config.train;
  const optimizer = new Optimizer(tc.optimizer, tc);
  const window = lmWindow(config);
  const batchOpts = { batch: tc.batch, window, seed: config.seed };
  const trainIt = ds.batches('train', batchOpts);
  const dropRng = new Rng(config.seed).fork('dropout');
  const probe = probeBatch(ds, batchOpts);
  const evalOpts = { batch: tc.batch, window, seed: config.seed };
  const subsetEval = () => evaluate(model, ds, 'val', { ...evalOpts, maxBatches: tc.evalBatches });
  const evalDue = (s: number) => tc.evalEvery > 0 && s % tc.evalEvery === 0;
  let step = 0;
  let carried: LayerState[] | null = null;
  let early: EarlyStop = { best: null, bestStep: 0, badEvals: 0, stopped: false };
  let trainMs = 0;
  let tokens = 0;
  /** early stopping: the weights of the best validation step, restored at the end */
  let bestWeights: Weights | null = null;
  let checkpointedStep = -1;
  let checkpointedAt = performance.now();
  const timeForCheckpoint = () => o.checkpointEverySeconds !== undefined && performance.now() - checkpointedAt >= o.checkpointEverySeconds * 1000;

  const snapshot = (): Checkpoint => ({
    format: 'rnnlab-checkpoint',
    version: 2,
    step,
    config,
    modelSpec: model.spec,
    weights: packWeights(model.getWeights()),
    optimizer: packOptimizer(optimizer.getState()),
    rng: { dropout: dropRng.getState() },
    data: trainIt.position(),
    carried: carried ? carried.map((s) => ({ h: pack(s.h.dataSync() as Float32Array, s.h.shape), c: s.c ? pack(s.c.dataSync() as Float32Array, s.c.shape) : null })) : null,
    early,
    bestWeights: bestWeights ? packWeights(bestWeights) : null,
    tokenizers: tokenizersOf(ds),
    elapsedMs: trainMs,
    tokens,
  });
  /** The best step of a finished run: the final step is scored like every periodic evaluation. */
  const finalBestStep = (): number => {
    if (tc.evalEvery === 0 || early.best === null) return step;
    if (evalDue(step)) return early.bestStep; // the final step's evaluation is already counted
    const last = subsetEval()[primaryMetric(ds.kind)];
    return last !== undefined && last >= early.best ? early.bestStep : step;
  };
  /** successive halving: at a rung step, ask whether to go on (the answer is the sweep's, recorded once per trial) */
  const rungSteps = new Set(o.rungs?.steps ?? []);
  let stoppedAtRung: number | null = null;
  const atRung = async (metrics: Metrics) => {
    if (!o.rungs || !rungSteps.has(step) || early.stopped) return;
    const v = metrics[primaryMetric(ds.kind)];
    if (v === undefined || !Number.isFinite(v)) return; // nothing to rank it by
    if ((await o.rungs.decide(step, v)) === 'stop') {
      early.stopped = true;
      stoppedAtRung = step;
    }
  };
  const checkpoint = async () => {
    if (!store || checkpointedStep === step) return;
    const { ref, sha256 } = await store.save(snapshot());
    checkpointedStep = step;
    checkpointedAt = performance.now();
    await listener.onCheckpoint?.({ event: 'checkpoint', step, path: ref, sha256 });
  };

  try {
    if (resumed) {
      const ck = resumed.checkpoint;
      model.setWeights(unpackWeights(ck.weights));
      optimizer.setState(unpackOptimizer(ck.optimizer as OptimizerStatePacked));
      dropRng.setState(ck.rng.dropout as RngState);
      trainIt.seek(ck.data);
      carried = ck.carried
        ? ck.carried.map((s) => ({ h: tf.tensor2d(unpack(s.h), s.h.shape as [number, number]), c: s.c ? tf.tensor2d(unpack(s.c), s.c.shape as [number, number]) : null }))
        : null;
      early = { ...ck.early };
      bestWeights = ck.bestWeights ? unpackWeights(ck.bestWeights) : null;
      step = ck.step;
      checkpointedStep = ck.step;
      trainMs = ck.elapsedMs;
      tokens = ck.tokens;
    }
    await listener.onStart?.({
      event: 'start',
      dataset: { name: ds.name, kind: ds.kind, describe: ds.describe, sizes: ds.sizes, ...(ds.inputTokenizer ? { vocab: ds.inputTokenizer.vocabSize } : {}) },
      params,
      engine: engine.name,
      memory: { estimateBytes: Math.round(memory.bytes), limitBytes: limit },
      resumedFromStep: resumed ? resumed.checkpoint.step : null,
      totalSteps: tc.steps,
    });

    // resumed exactly at a rung: its decision was taken before that checkpoint; ask again (same answer)
    if (resumed && rungSteps.has(step)) await atRung(subsetEval());
    while (step < tc.steps && !early.stopped) {
      if (o.signal?.aborted) break;
      const t0 = performance.now();
      const batch = trainIt.next();
      if (!batch) throw new Error('the training split yielded no batch');
      const r = batchGradients(model, batch, {
        training: true, rng: dropRng, states: carried, tbptt: tc.tbptt, teacherForcing: tc.teacherForcing,
      });
      if (batch.kind === 'lm') {
        if (carried !== r.states) disposeStates(carried);
        carried = r.states;
      }
      if (!Number.isFinite(r.loss)) {
        tf.dispose([...r.grads.values()]);
        throw new DivergedError(step + 1, r.loss);
      }
      const gradNorm = clipGradients(r.grads, tc.clip, tc.clipMode);
      const lr = learningRate(tc, step + 1);
      optimizer.apply(model.params, r.grads, lr);
      tf.dispose([...r.grads.values()]);
      step += 1;
      trainMs += performance.now() - t0;
      tokens += r.tokens;
      await listener.onStep?.({ event: 'step', step, loss: r.loss, lr, gradNorm, tokensPerS: tokens / (trainMs / 1000), elapsedMs: trainMs });

      let metrics: Metrics | null = null;
      if (evalDue(step)) {
        metrics = subsetEval();
        await listener.onEval?.({ event: 'eval', step, split: 'val', metrics });
        if (updateEarly(early, metrics[primaryMetric(ds.kind)], step, tc.patience) && tc.patience > 0) {
          bestWeights = copyWeights(model.getWeights());
        }
      }
      if (rungSteps.has(step)) await atRung(metrics ?? subsetEval());
      if (tc.diagEvery > 0 && step % tc.diagEvery === 0) await listener.onDiagnostics?.(diagnose(model, probe, step));
      if (early.stopped || (tc.checkpointEvery > 0 && step % tc.checkpointEvery === 0) || timeForCheckpoint()) await checkpoint();
      if (o.stopAfter && step >= o.stopAfter) break;
      await yieldToEventLoop();
    }

    const interrupted = step < tc.steps && !early.stopped;
    // the training state (not the restored best weights) is what a resume continues from
    await checkpoint();
    const bestStep = interrupted || early.stopped ? (early.best === null ? step : early.bestStep) : finalBestStep();
    // under early stopping the run ends with the best step's weights
    if (!interrupted && tc.patience > 0 && bestWeights && bestStep !== step) model.setWeights(bestWeights);
    // an interrupted run stops now: its checkpoint is written, a resume evaluates it
    const val = interrupted ? {} : evaluate(model, ds, 'val', { ...evalOpts, maxBatches: Number.POSITIVE_INFINITY });
    const test = interrupted ? {} : evaluate(model, ds, 'test', { ...evalOpts, maxBatches: Number.POSITIVE_INFINITY });
    if (!interrupted) {
      await listener.onEval?.({ event: 'eval', step, split: 'val', metrics: val, final: true });
      await listener.onEval?.({ event: 'eval', step, split: 'test', metrics: test, final: true });
    }
    const done: DoneEvent = {
      event: 'done',
      steps: step,
      val,
      test,
      ...baselineOf(ds, evalOpts),
      params: model.paramCount(),
      tokens_per_s: trainMs > 0 ? tokens / (trainMs / 1000) : 0,
      elapsedMs: trainMs,
      stoppedEarly: early.stopped,
      ...(stoppedAtRung === null ? {} : { stoppedAtRung }),
      bestStep,
      interrupted,
    };
    await listener.onDone?.(done);
    return done;
  } finally {
    disposeStates(carried);
    optimizer.dispose();
    model.dispose();
  }
}

/**
 * The checkpoint a run continues from: given by the caller, or the newest valid one in the store
 * when `resume` asks for it (skipped files are reported as warnings). It must belong to this run.
 */
async function findResume(
  config: RunConfig,
  store: CheckpointStore | null,
  o: TrainOptions,
  listener: TrainerListener,
): Promise<{ ref: string; checkpoint: Checkpoint } | null> {
  let found = o.resumeFrom ?? null;
  if (!found && o.resume) {
    if (!store) throw new RunInputError('resume: needs a checkpoint location (checkpointDir or checkpoints)', ['checkpointDir']);
    const scan = await store.latest();
    for (const s of scan.skipped) await listener.onWarning?.({ event: 'warning', message: `skipped ${s.reason}` });
    if (!scan.found && o.resume !== 'if-present') {
      const why = scan.skipped.length ? `every checkpoint there is unusable (${scan.skipped.map((s) => s.reason).join('; ')})` : 'it holds no checkpoint';
      throw new CheckpointError(`nothing to resume in ${store.location}: ${why}`);
    }
    found = scan.found;
  }
  if (found) checkResume(checkpointConfig(found.checkpoint.config, found.ref), found.checkpoint.step, config, found.ref);
  return found;
}


/** A fixed batch for diagnostics: the first validation batch (deterministic), else the first training batch. */
function probeBatch(ds: PreparedDataset, opts: { batch: number; window: number; seed: number }): Batch {
  const b = ds.batches('val', opts).next() ?? ds.batches('train', opts).next();
  if (!b) throw new Error(`dataset ${ds.name} yielded no batch for diagnostics`);
  return b;
}

/** Early-stopping bookkeeping for one periodic evaluation; true when `v` is the best so far. */
function updateEarly(e: EarlyStop, v: number | undefined, step: number, patience: number): boolean {
  if (v === undefined || !Number.isFinite(v)) return false; // an empty validation split scores nothing
  if (e.best === null || v < e.best) {
    e.best = v;
    e.bestStep = step;
    e.badEvals = 0;
    return true;
  }
  e.badEvals += 1;
  if (patience > 0 && e.badEvals >= patience) e.stopped = true;
  return false;
}

function copyWeights(ws: Weights): Weights {
  return ws.map((w) => ({ ...w, data: Float32Array.from(w.data) }));
}

function packWeights(ws: Weights): Record<string, PackedArray> {
  return Object.fromEntries(ws.map((w) => [w.name, pack(w.data, w.shape)]));
}

function unpackWeights(p: Record<string, PackedArray>): Weights {
  return Object.entries(p).map(([name, w]) => ({ name, shape: w.shape, data: unpack(w) }));
}

/** A trivial predictor's validation metrics (mean predictor, majority class, memoryless, unigram, bigram). */
function baselineOf(ds: PreparedDataset, opts: { batch: number; window: number; seed: number }): { baseline?: Metrics } {
  const baseline = taskBaseline(ds, opts);
  return Object.keys(baseline).length ? { baseline } : {};
}

function tokenizersOf(ds: PreparedDataset): Record<string, unknown> {
  const t: Record<string, unknown> = {};
  if (ds.inputTokenizer) t.input = ds.inputTokenizer.toJSON();
  if (ds.targetTokenizer) t.target = ds.targetTokenizer.toJSON();
  return t;
}

type OptimizerStatePacked = { kind: string; t: number; slots: Record<string, Record<string, { shape: number[]; b64: string }>> };

function packOptimizer(s: OptimizerState): OptimizerStatePacked {
  const slots: OptimizerStatePacked['slots'] = {};
  for (const [k, m] of Object.entries(s.slots)) {
    slots[k] = Object.fromEntries(Object.entries(m).map(([n, e]) => [n, pack(Float32Array.from(e.data), e.shape)]));
  }
  return { kind: s.kind, t: s.t, slots };
}

function unpackOptimizer(p: OptimizerStatePacked): OptimizerState {
  const slots: OptimizerState['slots'] = {};
  for (const [k, m] of Object.entries(p.slots)) {
    slots[k] = Object.fromEntries(Object.entries(m).map(([n, e]) => [n, { shape: e.shape, data: unpack(e) }]));
  }
  return { kind: p.kind as OptimizerState['kind'], t: p.t, slots };
}
