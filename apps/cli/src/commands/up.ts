/**
 * `rnnlab up [--demo]`: the local platform in one command (what `npm start` runs). Redis: REDIS_URL
 * when set, else a private `redis-server` on a free port with its AOF under RNNLAB_HOME; the store:
 * DATABASE_URL, else SQLite under RNNLAB_HOME; one worker with every core. With --demo it also
 * submits the main job (a GRU on the adding problem) and prints its result when it is done. Ctrl-C
 * stops everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunConfig } from '@rnnlab/contracts';
import { freePort, redisServerAvailable, startRedisServer, REDIS_SERVER_NOT_FOUND, type RedisServerHandle } from '@rnnlab/local-services';
import { connectRedis, RunQueue, submitRun } from '@rnnlab/queue';
import { openStore } from '@rnnlab/store';
import { parseFlags, UsageError } from '../args';
import { UP_FLAGS } from '../fleet-args';
import { commandUsage } from '../usage';
import { headline } from './run-views';
import { portIsFree, startDashboard, type DashboardHandle } from '../dashboard-process';
import { DEFAULT_DASHBOARD_PORT } from './dashboard';


const WORKER_BIN = fileURLToPath(new URL('../../../worker/bin/rnnlab-worker.mjs', import.meta.url));
/** the README's main job */
const DEMO = { task: { name: 'adding', seqLen: 50 }, model: { cell: 'gru', hidden: 64 }, train: { batch: 64, steps: 1500, lr: 0.001, clip: 1 }, seed: 1 } as const;

export async function upCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, UP_FLAGS);
  if (values.help) {
    process.stdout.write(commandUsage('up'));
    return 0;
  }
  const home = process.env.RNNLAB_HOME ?? join(homedir(), '.rnnlab');
  let redis: RedisServerHandle | null = null;
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    if (!redisServerAvailable()) throw new UsageError(`${REDIS_SERVER_NOT_FOUND} (rnnlab up starts a private one when it is installed)`);
    redis = await startRedisServer({ dir: join(home, 'redis'), appendonly: true });
    redisUrl = redis.url;
  }
  const databaseUrl = process.env.DATABASE_URL ?? `sqlite:${join(home, 'rnnlab.db')}`;
  const env = { ...process.env, REDIS_URL: redisUrl, DATABASE_URL: databaseUrl };
  const worker: ChildProcess = spawn(process.execPath, [WORKER_BIN], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  process.stdout.write(
    `rnnlab up: Redis ${redis ? `started at ${redisUrl} (AOF in ${join(home, 'redis')})` : `at ${redisUrl}`}, store ${databaseUrl}, one worker (pid ${worker.pid})\n` +
      `  submit a run:  REDIS_URL=${redisUrl} DATABASE_URL=${databaseUrl} npx rnnlab submit --task adding --cell lstm\n` +
      '  Ctrl-C stops everything started here\n',
  );

  let stopping: Promise<number> | null = null;
  let dashboard: DashboardHandle | null = null;
  const stop = (code: number) => {
    stopping ??= (async () => {
      await dashboard?.stop();
      if (worker.exitCode === null && worker.signalCode === null) {
        worker.kill('SIGTERM');
        await new Promise((resolve) => worker.once('exit', resolve));
      }
      await redis?.stop();
      return code;
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop(130));
  process.on('SIGTERM', () => void stop(143));
  worker.once('exit', (code) => void stop(code ?? 1));

  if (!values['no-dashboard']) {
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    let port = values.port as number | undefined;
    if (port !== undefined && !(await portIsFree(port, host))) throw new UsageError(`--port ${port}: something else listens on ${host}:${port}; choose another port`);
    port ??= (await portIsFree(DEFAULT_DASHBOARD_PORT, host)) ? DEFAULT_DASHBOARD_PORT : await freePort();
    mkdirSync(home, { recursive: true });
    const logFile = join(home, 'dashboard.log');
    dashboard = await startDashboard({ port, host, env, log: createWriteStream(logFile, { flags: 'a' }), announce: (l) => process.stdout.write(l) }).catch((e: Error) => {
      process.stderr.write(`rnnlab up: the dashboard did not start: ${e.message} (log: ${logFile})\n`);
      return null;
    });
    if (dashboard) {
      process.stdout.write(`dashboard: ${dashboard.url}  (log: ${logFile})\n`);
      dashboard.child.once('exit', (code, signal) => {
        if (!stopping) process.stderr.write(`rnnlab up: the dashboard exited (${signal ?? `code ${code}`}); see ${logFile}\n`);
      });
    }
  }

  if (values.demo) {
    const store = await openStore(databaseUrl);
    const conn = connectRedis(redisUrl, 'producer');
    await conn.connect();
    const queue = new RunQueue(conn, { prefix: process.env.RNNLAB_QUEUE_PREFIX ?? 'rnnlab' });
    const { run } = await submitRun(store, queue, parseRunConfig(DEMO));
    process.stdout.write(`submitted the main job ${run.id} (GRU on the adding problem, T = 50); follow it with: rnnlab show ${run.id}\n`);
    for (;;) {
      const r = await store.getRun(run.id);
      if (!r || ['succeeded', 'failed', 'cancelled'].includes(r.status) || stopping) {
        if (r) process.stdout.write(`${r.id} ${r.status}: ${r.failureReason ?? headline(r)} (mean predictor: 0.167)\n`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await queue.close();
    await conn.quit();
    await store.close();
    process.stdout.write('the platform keeps running: submit more runs, or press Ctrl-C to stop it\n');
  }
  return new Promise((resolve) => {
    const wait = setInterval(() => {
      if (stopping) {
        clearInterval(wait);
        void stopping.then(resolve);
      }
    }, 200);
  });
}
