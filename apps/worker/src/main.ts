/**
 * `rnnlab worker`: takes train jobs from the queue and runs each in a sandboxed child process
 * (train-processor.ts). It registers itself in the store and heartbeats, relays cancel requests to
 * the child running the run, re-enqueues runs Redis has lost, and on SIGTERM / SIGINT stops within
 * a deadline: the children checkpoint and hand their jobs back, then the worker closes.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Worker, type Job } from 'bullmq';
import { CANCEL_CHANNEL, MAX_RUN_REFUSALS, QUEUE_KINDS, QUEUES, type EvaluateJobData, type PlanJobDataInput, type PrepareJobData, type ReportJobData, type QueueKind, type TrainJobData, type TrainJobResult } from '@rnnlab/contracts';
import { connectRedis, reconcile, redisUrl, RunQueue } from '@rnnlab/queue';
import { openStore } from '@rnnlab/store';
import { MEMORY_SIZE_FORM, parseMemorySize } from '@rnnlab/trainer';

const HELP = `rnnlab worker: train queued runs

Usage: rnnlab worker [--concurrency N] [--threads T] [--queues train,prepare,evaluate,report,plan] [--max-memory SIZE] [--prefix P]
                     [--checkpoint-seconds S] [--lock-ms MS] [--shutdown-ms MS] [--reconcile-ms MS]

  --concurrency N   train jobs at once (default 1); concurrency x threads never exceeds the cores
  --threads T       native-engine threads per job (default: cores / concurrency)
  --queues LIST     which jobs to take (default all): train, prepare (datasets, once per spec), evaluate, report (experiments),
                    plan (check and submit the runs and comparisons the dashboard asks for)
  --max-memory SIZE refuse runs needing more (e.g. 8G; default 80% of the memory available): a refused
                    run is left to other workers; it fails when every live worker (or ${MAX_RUN_REFUSALS} refusals) said no
  --prefix P        BullMQ key prefix (default RNNLAB_QUEUE_PREFIX, else rnnlab)
  --checkpoint-seconds S  also checkpoint every S seconds of training (default 60): what a crash can lose
  --lock-ms MS      job lock; a worker that dies loses its jobs to others after about this long (default 30000)
  --shutdown-ms MS  on SIGTERM, how long the children get to checkpoint before the worker quits (default 20000)
  --reconcile-ms MS how often to re-enqueue runs the database has but Redis lost (default 30000)

REDIS_URL (default redis://127.0.0.1:6379) and DATABASE_URL (default sqlite under RNNLAB_HOME) configure it.
`;

function fail(message: string): number {
  process.stderr.write(`rnnlab: ${message}\n`);
  return 2;
}

function positiveInt(v: string | undefined, flag: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        concurrency: { type: 'string' }, threads: { type: 'string' }, prefix: { type: 'string' }, queues: { type: 'string' }, 'max-memory': { type: 'string' },
        'lock-ms': { type: 'string' }, 'checkpoint-seconds': { type: 'string' }, 'shutdown-ms': { type: 'string' }, 'reconcile-ms': { type: 'string' }, help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (e) {
    return fail((e as Error).message.split('\n')[0]);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const cores = availableParallelism();
  let concurrency: number;
  let threads: number;
  let lockMs: number;
  let checkpointSeconds: number;
  let shutdownMs: number;
  let reconcileMs: number;
  let kinds: QueueKind[];
  let maxMemory: number | undefined;
  try {
    kinds = parseQueues(values.queues as string | undefined);
    maxMemory = values['max-memory'] === undefined ? undefined : parseSize(values['max-memory'] as string, '--max-memory');
    concurrency = positiveInt(values.concurrency as string | undefined, '--concurrency', 1);
    threads = positiveInt(values.threads as string | undefined, '--threads', Math.max(1, Math.floor(cores / concurrency)));
    lockMs = positiveInt(values['lock-ms'] as string | undefined, '--lock-ms', 30_000);
    checkpointSeconds = positiveInt(values['checkpoint-seconds'] as string | undefined, '--checkpoint-seconds', 60);
    shutdownMs = positiveInt(values['shutdown-ms'] as string | undefined, '--shutdown-ms', 20_000);
    reconcileMs = positiveInt(values['reconcile-ms'] as string | undefined, '--reconcile-ms', 30_000);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (concurrency * threads > cores) return fail(`--concurrency ${concurrency} x --threads ${threads} = ${concurrency * threads} is more than the ${cores} cores here`);

  const store = await openStore(process.env.DATABASE_URL);
  const url = redisUrl();
  const connection = connectRedis(url, 'worker');
  const prefix = (values.prefix as string | undefined) ?? process.env.RNNLAB_QUEUE_PREFIX ?? 'rnnlab';
  const queue = new RunQueue(connection, { prefix });
  const host = hostname();
  const workerId = `${host}:${process.pid}:${randomBytes(3).toString('hex')}`;
  // the sandboxed children inherit these
  process.env.RNNLAB_WORKER_ID = workerId;
  process.env.RNNLAB_THREADS = String(threads);
  process.env.RNNLAB_CHECKPOINT_SECONDS = String(checkpointSeconds);
  process.env.RNNLAB_QUEUE_PREFIX = prefix;
  if (maxMemory !== undefined) process.env.RNNLAB_MAX_MEMORY = String(maxMemory);
  process.env.REDIS_URL = url;

  /** a BullMQ worker running `file` (beside this one) in a child process per job */
  const sandboxed = <D,>(queueName: string, file: string, n: number) =>
    new Worker<D>(queueName, fileURLToPath(new URL(file, import.meta.url)), {
      connection,
      prefix,
      concurrency: n,
      lockDuration: lockMs,
      stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
      maxStalledCount: 10,
      workerForkOptions: { execArgv: ['--import', 'tsx'] },
    });
  const trainer = kinds.includes('train') ? (sandboxed<TrainJobData>(QUEUES.train, './train-processor.ts', concurrency) as Worker<TrainJobData, TrainJobResult>) : null;
  // datasets and evaluations are short: one at a time each, in their own children
  const preparer = kinds.includes('prepare') ? sandboxed<PrepareJobData>(QUEUES.prepare, './prepare-processor.ts', 1) : null;
  const evaluator = kinds.includes('evaluate') ? sandboxed<EvaluateJobData>(QUEUES.evaluate, './evaluate-processor.ts', 1) : null;
  const reporter = kinds.includes('report') ? sandboxed<ReportJobData>(QUEUES.report, './report-processor.ts', 1) : null;
  // planning prepares a dataset and counts parameters: seconds at most, one at a time
  const planner = kinds.includes('plan') ? sandboxed<PlanJobDataInput>(QUEUES.plan, './plan-processor.ts', 1) : null;
  const workers = [trainer, preparer, evaluator, reporter, planner].filter((w): w is Worker => w !== null);
  const lastAttempt = (job: Job, err: Error) => err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
  const say = (what: string) => (e: Error) => void process.stderr.write(`rnnlab worker: ${what}: ${e.message}\n`);
  for (const w of workers) w.on('error', say(w.name));

  const active = new Set<string>();
  trainer?.on('active', (job: Job<TrainJobData>) => void active.add(job.id as string));
  trainer?.on('completed', (job: Job<TrainJobData>) => void active.delete(job.id as string));
  trainer?.on('failed', (job: Job<TrainJobData> | undefined, err: Error) => {
    if (!job) return;
    active.delete(job.id as string);
    // the attempt to finish is the database's count (see train-processor.ts)
    if (lastAttempt(job, err)) void store.getRun(job.id as string).then((r) => r && store.finishRun(r.id, r.attempts, { status: 'failed', failureReason: err.message })).catch(say('recording a failed run'));
    // A child that crashed (killed, out of memory) could not record why its attempt ended, so the
    // timeline went from one `started` to the next with no reason (RELIABILITY.md rule 5). Record it
    // here; events are keyed (run, attempt, kind, step), so one the child did write is not doubled.
    else void store.getRun(job.id as string).then((r) => r && store.addEvent({ runId: r.id, attempt: r.attempts, kind: 'attempt-failed', host, message: err.message })).catch(say('recording a failed attempt'));
  });
  // recorded under the attempt that stalled, so every stall of a run shows in its timeline
  trainer?.on('stalled', (jobId: string) => void store.getRun(jobId).then((r) => r && store.addEvent({ runId: r.id, attempt: r.attempts, kind: 'stalled', host, message: `seen by ${workerId}` })).catch(say('recording a stall')));
  // a prepare job out of retries fails its run (BullMQ fails the run's train job with it)
  preparer?.on('failed', (job: Job<PrepareJobData> | undefined, err: Error) => {
    if (!job || !lastAttempt(job, err) || err.name === 'UnrecoverableError') return; // the child recorded an unrecoverable one
    const runId = job.data.runId;
    void store.getRun(runId).then((r) => r && store.finishRun(r.id, r.attempts, { status: 'failed', failureReason: `preparing the dataset: ${err.message}` })).catch(say('recording a failed run'));
  });
  evaluator?.on('failed', (job: Job<EvaluateJobData> | undefined, err: Error) => {
    if (!job || !lastAttempt(job, err)) return;
    const id = job.data.evaluationId;
    void store.getEvaluation(id).then((ev) => ev && store.finishEvaluation(id, ev.attempts, { status: 'failed', failureReason: err.message })).catch(say('recording a failed evaluation'));
  });

  // cancel requests from any machine reach the child running the run
  const sub = connectRedis(url, 'worker');
  await sub.subscribe(CANCEL_CHANNEL);
  sub.on('message', (_channel, runId: string) => {
    if (active.has(runId)) trainer?.cancelJob(runId, 'cancelled');
  });

  const beat = async () => {
    await store.heartbeat(workerId, [...active]).catch(() => undefined);
  };
  await store.upsertWorker({ id: workerId, host, pid: process.pid, engine: 'auto', cores, concurrency });
  const heartbeat = setInterval(() => void beat(), 5000);
  // a failing reconcile is said, not swallowed: a silent one hid that it never worked (see reconcile.ts)
  const reconcileNow = () => reconcile(store, queue).catch(say('reconcile'));
  const reconciler = setInterval(() => void reconcileNow(), reconcileMs);
  await reconcileNow();
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const trains = kinds.includes('train') ? concurrency : 0;
  process.stdout.write(`rnnlab worker ${workerId}: ${trains} job(s) at a time, ${threads} thread(s) each; takes ${kinds.join(', ')} jobs from ${prefix}:* on ${url.replace(/\/\/[^@]*@/, '//***@')}\n`);

  let closing: Promise<number> | null = null;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      // a second Ctrl-C is a person in a hurry; a repeated SIGTERM (a supervisor, `rnnlab up`
      // passing on the terminal's Ctrl-C) waits for the checkpoints like the first
      if (signal === 'SIGTERM') return closing;
      process.stderr.write(`rnnlab worker: ${signal} again: quitting now\n`);
      process.exit(130);
    }
    process.stderr.write(`rnnlab worker: ${signal}: checkpointing ${active.size} job(s) and handing them back\n`);
    closing = (async () => {
      clearInterval(heartbeat);
      clearInterval(reconciler);
      const deadline = setTimeout(() => {
        process.stderr.write(`rnnlab worker: shutdown took longer than ${shutdownMs} ms: quitting\n`);
        process.exit(1);
      }, shutdownMs);
      trainer?.cancelAllJobs('shutdown');
      await Promise.all(workers.map((w) => w.close()));
      // gone from `rnnlab fleet` at once (a worker killed with -9 ages out by its heartbeat)
      await store.removeWorker(workerId).catch(() => undefined);
      await sub.quit().catch(() => undefined);
      await queue.close();
      await connection.quit().catch(() => undefined);
      await store.close();
      clearTimeout(deadline);
      return 0;
    })();
    return closing;
  };
  return new Promise<number>((resolve) => {
    const on = (s: NodeJS.Signals) => void shutdown(s)?.then(resolve);
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/** `--queues train,prepare`: the kinds of job this worker takes (default: all) */
function parseQueues(v: string | undefined): QueueKind[] {
  if (v === undefined) return [...QUEUE_KINDS];
  const kinds = v.split(',').map((k) => k.trim()).filter(Boolean);
  const bad = kinds.filter((k) => !(QUEUE_KINDS as string[]).includes(k));
  if (bad.length || kinds.length === 0) throw new Error(`--queues: expected a comma-separated list of ${QUEUE_KINDS.join(', ')}, got ${JSON.stringify(v)}`);
  return [...new Set(kinds)] as QueueKind[];
}

function parseSize(v: string, flag: string): number {
  const bytes = parseMemorySize(v);
  if (bytes === null) throw new Error(`${flag}: expected ${MEMORY_SIZE_FORM}, got ${JSON.stringify(v)}`);
  return bytes;
}
