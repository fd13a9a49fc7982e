/**
 * The training loop. Knows nothing about terminals, queues or databases: it takes a config and a
 * listener, and reports through the listener (see ../../../shared/docs/ARCHITECTURE.md).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DoneEvent, Metrics, RunConfig, TrainerListener } from '@rnnlab/contracts';
import { bigramBitsPerToken, prepareDataset, type Batch, type PreparedDataset } from '@rnnlab/datasets';
import { initBackend, RecurrentModel, type LayerState } from '@rnnlab/models';
import { Rng, type RngState } from '@rnnlab/random';
import type { TrainOptions } from './api';
import { pack, unpack, latestCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint';
import { clipGradients } from './clipping';
import { diagnose } from './diagnostics';
import { DivergedError } from './errors/diverged-error';
import { evaluate } from './evaluate';
import { primaryMetric } from './metrics';
import { lmWindow, modelSpecFor } from './model-for-task';
import { batchGradients, disposeStates } from './objectives';
import { Optimizer, type OptimizerState } from './optimizers';
import { learningRate } from './schedules';
import { selectEngine } from './engines';

interface EarlyStop {
  best: number | null;
  bestStep: number;
  badEvals: number;
}

/**
 * Train a model as configured; resolves with the final summary (also sent to `listener.onDone`).
 * @example const done = await train(parseRunConfig({ task: { name: 'adding' } }), { listener: { onStep: console.log } });
 */
export async function train(config: RunConfig, o: TrainOptions = {}): Promise<DoneEvent> {
  await initBackend('auto');
  const engine = await selectEngine(o.engine ?? 'auto', { threads: o.threads });
  const ds = await prepareDataset(config.task, config.seed);
  const spec = modelSpecFor(config, ds);
  const model = new RecurrentModel(spec, config.seed, engine);
  const tc = config.train;
  const optimizer = new Optimizer(tc.optimizer, tc);
  const listener: TrainerListener = o.listener ?? {};
  const window = lmWindow(config);
  const batchOpts = { batch: tc.batch, window, seed: config.seed };
  const trainIt = ds.batches('train', batchOpts);
  const dropRng = new Rng(config.seed).fork('dropout');
  const probe = probeBatch(ds, batchOpts);
  const evalOpts = { batch: tc.batch, window, seed: config.seed };
  let step = 0;
  let carried: LayerState[] | null = null;
  let early: EarlyStop = { best: null, bestStep: 0, badEvals: 0 };
  let trainMs = 0;
  let tokens = 0;
  let stoppedEarly = false;
  /** early stopping restores the weights of the best validation step */
  let bestWeights: ReturnType<RecurrentModel['getWeights']> | null = null;

  const snapshot = (): Checkpoint => ({
    format: 'rnnlab-checkpoint',
    version: 1,
    step,
    config,
    modelSpec: model.spec,
    weights: Object.fromEntries(model.getWeights().map((w) => [w.name, pack(w.data, w.shape)])),
    optimizer: packOptimizer(optimizer.getState()),
    rng: { dropout: dropRng.getState() },
    data: trainIt.position(),
    carried: carried ? carried.map((s) => ({ h: pack(s.h.dataSync() as Float32Array, s.h.shape), c: s.c ? pack(s.c.dataSync() as Float32Array, s.c.shape) : null })) : null,
    early,
    tokenizers: tokenizersOf(ds),
    elapsedMs: trainMs,
    tokens,
  });
  const checkpoint = async () => {
    if (!o.checkpointDir) return;
    const { path, sha256 } = await writeCheckpoint(o.checkpointDir, snapshot());
    await listener.onCheckpoint?.({ event: 'checkpoint', step, path, sha256 });
  };

  try {
    if (o.resume && o.checkpointDir) {
      const found = await latestCheckpoint(o.checkpointDir);
      if (found) {
        const ck = found.checkpoint;
        model.setWeights(Object.entries(ck.weights).map(([name, p]) => ({ name, shape: p.shape, data: unpack(p) })));
        optimizer.setState(unpackOptimizer(ck.optimizer as OptimizerStatePacked));
        dropRng.setState(ck.rng.dropout as RngState);
        trainIt.seek(ck.data);
        carried = ck.carried
          ? ck.carried.map((s) => ({ h: tf.tensor2d(unpack(s.h), s.h.shape as [number, number]), c: s.c ? tf.tensor2d(unpack(s.c), s.c.shape as [number, number]) : null }))
          : null;
        early = ck.early;
        step = ck.step;
        trainMs = ck.elapsedMs;
        tokens = ck.tokens;
      }
    }

    while (step < tc.steps) {
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

      if (tc.evalEvery > 0 && step % tc.evalEvery === 0 && step < tc.steps) {
        const metrics = evaluate(model, ds, 'val', { ...evalOpts, maxBatches: tc.evalBatches });
        await listener.onEval?.({ event: 'eval', step, split: 'val', metrics });
        const before = early.bestStep;
        const stop = updateEarly(early, metrics, ds, step, tc.patience);
        if (tc.patience > 0 && early.bestStep !== before) {
          bestWeights = model.getWeights().map((w) => ({ ...w, data: Float32Array.from(w.data) }));
        }
        if (stop) {
          stoppedEarly = true;
          if (bestWeights) model.setWeights(bestWeights);
          break;
        }
      }
      if (tc.diagEvery > 0 && step % tc.diagEvery === 0) await listener.onDiagnostics?.(diagnose(model, probe, step));
      if (tc.checkpointEvery > 0 && step % tc.checkpointEvery === 0) await checkpoint();
      if (o.stopAfter && step >= o.stopAfter) break;
    }

    const interrupted = step < tc.steps && !stoppedEarly;
    await checkpoint();
    const val = evaluate(model, ds, 'val', { ...evalOpts, maxBatches: Number.POSITIVE_INFINITY });
    const test = interrupted ? {} : evaluate(model, ds, 'test', { ...evalOpts, maxBatches: Number.POSITIVE_INFINITY });
    await listener.onEval?.({ event: 'eval', step, split: 'val', metrics: val });
    if (!interrupted) await listener.onEval?.({ event: 'eval', step, split: 'test', metrics: test });
    const done: DoneEvent = {
      event: 'done',
      steps: step,
      val,
      test,
      ...baselineOf(ds),
      params: model.paramCount(),
      tokens_per_s: trainMs > 0 ? tokens / (trainMs / 1000) : 0,
      elapsedMs: trainMs,
      stoppedEarly,
      bestStep: early.best === null ? step : early.bestStep,
    };
    await listener.onDone?.(done);
    return done;
  } finally {
    disposeStates(carried);
    optimizer.dispose();
    model.dispose();
  }
}

/** A fixed batch for diagnostics: the first validation batch (deterministic), else the first training batch. */
function probeBatch(ds: PreparedDataset, opts: { batch: number; window: number; seed: number }): Batch {
  const b = ds.batches('val', opts).next() ?? ds.batches('train', opts).next();
  if (!b) throw new Error(`dataset ${ds.name} yielded no batch for diagnostics`);
  return b;
}

/** Early stopping bookkeeping; true when patience has run out. */
function updateEarly(e: EarlyStop, metrics: Metrics, ds: PreparedDataset, step: number, patience: number): boolean {
  const v = metrics[primaryMetric(ds.kind)];
  if (e.best === null || v < e.best) {
    e.best = v;
    e.bestStep = step;
    e.badEvals = 0;
    return false;
  }
  e.badEvals += 1;
  return patience > 0 && e.badEvals >= patience;
}

/** Language models: bits per token of an add-one bigram model on the validation stream (bpc for characters). */
function baselineOf(ds: PreparedDataset): { baseline?: Metrics } {
  const streams = ds.tokenStreams;
  if (ds.kind !== 'lm' || !streams || streams.val.length < 2) return {};
  const bits = bigramBitsPerToken(streams.train, streams.val, ds.outputSize);
  return { baseline: ds.inputTokenizer?.kind === 'char' ? { bigram_bits_per_token: bits, bigram_bpc: bits } : { bigram_bits_per_token: bits } };
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
