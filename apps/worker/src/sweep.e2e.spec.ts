/**
 * A sweep with successive halving end to end on real processes (a private Redis, SQLite, two
 * `rnnlab worker`s, `rnnlab sweep`): every decision at a rung is the ASHA rule over the trials that
 * reached it before, each stopped trial is `stopped-early` at its rung, and a sweep whose workers
 * were killed with -9 and that is submitted again finishes without re-running its finished trials.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepReport } from '@rnnlab/contracts';
import { ashaDecision } from '@rnnlab/experiments';
import { openStore } from '@rnnlab/store';
import { redisSuite } from './testing/redis-suite';
import { cliBin as cli, runNode as run, waitFor } from './testing/fleet-harness';

const suite = redisSuite('rnnlab-sweep-');
const procs = suite.procs;

// lr 1e-6 barely moves from the init: such trials rank below the lr 0.01 ones at every rung
const SWEEP = ['sweep', '--task', 'adding', '--seq-len', '8', '--size', '1000', '--hidden', '8', '--batch', '16', '--steps', '120', '--eval-every', '10', '--diag-every', '0',
  '--grid', 'seed=1,2,3,4 lr=0.01,0.000001', '--asha', '--eta', '2', '--min-steps', '10', '--json'];

describe.skipIf(!suite.available)('rnnlab sweep', () => {
  it('stops trials by the ASHA rule at each rung, and a resubmission after kill -9 re-runs no finished trial', async () => {
    const db = `sqlite:${join(suite.tmp(), 'sweep.db')}`;
    const env = { ...process.env, REDIS_URL: suite.redis()?.url, DATABASE_URL: db, RNNLAB_QUEUE_PREFIX: `s${Date.now()}`, RNNLAB_SUPERVISED: '1', RNNLAB_REPORT_RECHECK_MS: '500' };
    const store = await openStore(db);
    try {
      const a = procs.startWorker(env, ['--lock-ms', '3000']);
      const b = procs.startWorker(env, ['--lock-ms', '3000']);
      const sub = await run(cli, SWEEP, env);
      expect(sub.code, sub.stderr).toBe(0);
      const { experimentId, runIds } = JSON.parse(sub.stdout.trim().split('\n').at(-1) as string) as { experimentId: string; runIds: string[] };
      expect(runIds).toHaveLength(8);

      // kill both workers once a few trials are final, then start two others and submit again
      const finalOf = async () => (await store.listRuns({ experimentId, limit: 100 })).filter((r) => r.status !== 'queued' && r.status !== 'running');
      await waitFor('three final trials', async () => (await finalOf()).length >= 3, 120_000, 100);
      a.child.kill('SIGKILL');
      b.child.kill('SIGKILL');
      await Promise.all([a.exited, b.exited]);
      const before = new Map((await finalOf()).map((r) => [r.id, r]));
      procs.startWorker(env, ['--lock-ms', '3000']);
      procs.startWorker(env, ['--lock-ms', '3000']);
      const again = await run(cli, SWEEP, env);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout.trim().split('\n').at(-1) as string)).toEqual({ experimentId, runIds });
      const stored = await waitFor('the report', () => store.getExperimentReport(experimentId), 240_000, 200);
      const report = stored.report as unknown as SweepReport;

      const runs = await store.listRuns({ experimentId, limit: 100 });
      expect(runs.every((r) => r.status === 'succeeded' || r.status === 'stopped-early')).toBe(true);
      // trials over seeds still train on one dataset: they differ only in their options
      expect(new Set(runs.map((r) => r.preparedDatasetId)).size).toBe(1);
      // the trials final before the kill were not run again
      for (const [id, r] of before) expect(await store.getRun(id), id).toMatchObject({ status: r.status, attempts: r.attempts, finishedAt: r.finishedAt });

      // every decision is the rule over the trials recorded before it at that rung
      const rungs = await store.listRungs(experimentId);
      expect(new Set(rungs.map((r) => r.step))).toEqual(new Set([10, 20, 40, 80]));
      for (const step of [10, 20, 40, 80]) {
        const at = rungs.filter((r) => r.step === step);
        at.forEach((r, i) => expect(r.decision, `${r.runId} at ${step}`).toBe(ashaDecision(r.value, at.slice(0, i).map((x) => x.value), 2)));
      }
      // a trial stops where its stop was decided, and only there
      for (const r of runs) {
        const stop = rungs.find((x) => x.runId === r.id && x.decision === 'stop');
        expect(r.status, r.id).toBe(stop ? 'stopped-early' : 'succeeded');
        const events = await store.listEvents(r.id);
        if (stop) expect(events.find((e) => e.kind === 'stopped-early')?.step, r.id).toBe(stop.step);
      }
      const stopped = runs.filter((r) => r.status === 'stopped-early').length;
      expect(stopped).toBeGreaterThanOrEqual(2);
      expect(report.asha?.stopped).toBe(stopped);
      expect(report.trials).toHaveLength(8);
      expect(report.best?.options.lr).toBe(0.01);
      expect(report.verdict).toMatch(/^best of 8 trials: seed=\d lr=0\.01 /);

      const listed = await run(cli, ['runs', '--experiment', experimentId, '--status', 'stopped-early', '--json'], env);
      expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(stopped);
      const printed = await run(cli, ['report', experimentId], env);
      expect(printed.stdout).toMatch(/rung 10 steps: 8 reached it/);
    } finally {
      await store.close();
    }
  }, 400_000);
});
