/**
 * `rnnlab watch ID`: follow a run live — its progress from Redis (the job's progress events, about
 * once a second) drawn as the same progress line as `rnnlab train`, until the run is final.
 * Exit 0 when it succeeded, 1 otherwise.
 */
import { QueueEvents } from 'bullmq';
import { FINAL_STATUSES, QUEUES, TrainProgressSchema } from '@rnnlab/contracts';
import { redisUrl } from '@rnnlab/queue';
import { UsageError } from '../args';
import { withFleet } from '../fleet';
import { parseIdsArgs, SHOW_FLAGS } from '../fleet-args';
import { ProgressPrinter } from '../printers/progress';
import { commandUsage } from '../usage';
import { headline } from './run-views';

export async function watchCommand(argv: string[]): Promise<number> {
  const args = parseIdsArgs(argv, SHOW_FLAGS, 'watch', { many: false });
  if (args.help) {
    process.stdout.write(commandUsage('watch'));
    return 0;
  }
  return withFleet(async ({ store }) => {
    const first = await store.getRun(args.ids[0]);
    if (!first) throw new UsageError(`watch: no run ${args.ids[0]} (see \`rnnlab runs\`)`);
    const printer = new ProgressPrinter(process.stdout, { totalSteps: first.config.train.steps, tty: process.stdout.isTTY === true, columns: process.stdout.columns });
    const events = new QueueEvents(QUEUES.train, { connection: { url: redisUrl(), maxRetriesPerRequest: null }, prefix: process.env.RNNLAB_QUEUE_PREFIX ?? 'rnnlab' });
    events.on('progress', ({ jobId, data }) => {
      if (jobId !== first.id) return;
      const p = TrainProgressSchema.safeParse(data);
      if (p.success) void printer.onStep({ event: 'step', step: p.data.step, loss: p.data.loss ?? Number.NaN, lr: p.data.lr ?? Number.NaN, gradNorm: p.data.gradNorm ?? Number.NaN, tokensPerS: p.data.tokensPerS, elapsedMs: 0 });
    });
    try {
      for (;;) {
        const run = await store.getRun(first.id);
        if (run && FINAL_STATUSES.includes(run.status)) {
          await printer.close();
          process.stdout.write(`${run.id} ${run.status}${run.resumedFromStep ? ` (resumed from step ${run.resumedFromStep})` : ''}: ${run.failureReason ?? headline(run)}\n`);
          return run.status === 'succeeded' ? 0 : 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await events.close();
    }
  });
}
