/**
 * `rnnlab evaluate ID [--split test] [dataset options] [--detach] [--json]`: score a run's model (its
 * newest checkpoint; its best weights when it stopped early) on a whole split of its data, or of
 * another dataset of the same kind (`--seq-len 200` for an adding run trained at 50). A worker
 * computes it; the result is stored as an evaluation of the run. Asking again is the same evaluation.
 */
import { canonicalJson, submitEvaluation } from '@rnnlab/queue';
import type { Evaluation } from '@rnnlab/store';
import { inapplicableFields } from '@rnnlab/contracts';
import { buildRunConfig, configPathsOf, flagForPath, UsageError } from '../args';
import { withFleet } from '../fleet';
import { parseEvaluateArgs } from '../fleet-args';
import { commandUsage } from '../usage';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function evaluationJson(e: Evaluation) {
  return { id: e.id, runId: e.runId, split: e.split, task: e.task, status: e.status, checkpointStep: e.checkpointStep, metrics: e.metrics, failureReason: e.failureReason, preparedDatasetId: e.preparedDatasetId };
}

const formatMetrics = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(4)}`)
    .join(', ');

export async function evaluateCommand(argv: string[]): Promise<number> {
  const args = parseEvaluateArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('evaluate'));
    return 0;
  }
  return withFleet(async (f) => {
    const run = await f.store.getRun(args.runId);
    if (!run) throw new UsageError(`evaluate: no run ${args.runId} (see \`rnnlab runs\`)`);
    // the run's config with the dataset flags over it: validated like `train`, flags named in errors
    const changed = configPathsOf(args.datasetFlags);
    const config = buildRunConfig(args.datasetFlags, run.config, `the config of run ${run.id}`);
    const issues = inapplicableFields(config, changed);
    if (issues.length) throw new UsageError(issues.map((i) => `${flagForPath(i.path) ?? i.path}: ${i.reason}`).join('\n'));
    const task = canonicalJson(config.task) === canonicalJson(run.config.task) ? null : config.task;
    const seed = args.datasetFlags['data-seed'] === undefined ? null : (config.dataSeed ?? null);
    const { queue } = await f.redis();
    let { evaluation } = await submitEvaluation(f.store, queue, { runId: run.id, split: args.split, task, seed });
    if (args.detach && evaluation.status !== 'succeeded') {
      if (args.json) process.stdout.write(`${JSON.stringify(evaluationJson(evaluation))}\n`);
      else process.stdout.write(`${evaluation.id} queued: the ${args.split} split of ${run.id}; see it with: rnnlab show ${run.id}\n`);
      return 0;
    }
    const deadline = Date.now() + args.timeoutS * 1000;
    while (evaluation.status === 'queued' || evaluation.status === 'running') {
      if (Date.now() > deadline) {
        process.stderr.write(`rnnlab: evaluate: ${evaluation.id} is still ${evaluation.status} after ${args.timeoutS} s (is a worker running? see \`rnnlab fleet\`)\n`);
        return 1;
      }
      await sleep(250);
      evaluation = (await f.store.getEvaluation(evaluation.id)) ?? evaluation;
    }
    if (args.json) process.stdout.write(`${JSON.stringify(evaluationJson(evaluation))}\n`);
    else if (evaluation.status === 'succeeded') {
      const on = task ? `another dataset (${changed.map((p) => flagForPath(p) ?? p).join(', ')} changed)` : 'its own data';
      const own = !task && run.finalMetrics && args.split !== 'train' ? run.finalMetrics[args.split] : null;
      process.stdout.write(
        `${evaluation.id}: ${run.id} (${run.config.model.cell}, step ${evaluation.checkpointStep}) on the ${args.split} split of ${on}: ${formatMetrics(evaluation.metrics ?? {})}\n` +
          (own && Object.keys(own).length ? `  (at the end of training it scored ${formatMetrics(own)})\n` : ''),
      );
    } else process.stderr.write(`rnnlab: evaluate: ${evaluation.id} failed: ${evaluation.failureReason}\n`);
    return evaluation.status === 'succeeded' ? 0 : 1;
  });
}
