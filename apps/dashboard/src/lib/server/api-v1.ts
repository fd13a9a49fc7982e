/**
 * The JSON API for scripts, `/api/v1/…` (route folders under app/api/v1 only call these). Every
 * handler checks the caller with requireRole (an `Authorization: Bearer` token, or the browser's
 * session), mutations also the Origin of a request that is not a token's (origin.ts), ids against
 * their patterns, bodies bounded (body.ts). Errors are `{ error, fields }` (responses.ts), never
 * a stack trace: 400 bad input, 401 no or wrong credentials, 403 a weaker role or another site,
 * 404 no such id, 409 not in a state for it, 413/415 the body, 503 the store or Redis down, 504 no
 * worker answered a plan request.
 */
import { revalidatePath } from 'next/cache';
import { EXPERIMENT_ID_PATTERN, PlanRequestSchema, planRequestErrors, RUN_ID_PATTERN, type PlanRequestInput } from '@rnnlab/contracts';
import { cancelExperiment, cancelRun, PlanTimeoutError, requestPlan } from '@rnnlab/queue';
import { experimentsList, runsPage } from '../data';
import { parseRunsView } from '../runs-query';
import { AuthError, requireRole, type Role, type User } from './auth';
import { readJsonBody } from './body';
import { SubmitRateError, takeSubmitSlot } from './submit-rate';
import { crossSiteReason } from './origin';
import { jsonError } from './responses';
import { getQueue, getStore } from './services';

/** as lib/actions.ts waits for a plan job */
const PLAN_TIMEOUT_MS = 60_000;
const NO_STORE = { 'cache-control': 'no-store' };

type Params = { params: Promise<{ id: string }> };

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: NO_STORE });

function authFailure(e: AuthError): Response {
  const headers: Record<string, string> = { ...NO_STORE };
  if (e.status === 401) headers['www-authenticate'] = 'Bearer realm="rnnlab"';
  return Response.json({ error: e.status === 401 ? 'unauthorized' : 'forbidden', fields: { auth: e.status === 401 ? 'sign in, or send Authorization: Bearer <token> (an admin makes tokens on /users)' : e.message } }, { status: e.status, headers });
}

/** the one readable line of an unexpected failure: the service that is down, never a stack */
function failure(e: unknown): Response {
  if (e instanceof AuthError) return authFailure(e);
  if (e instanceof PlanTimeoutError) return jsonError(504, { queue: e.message }, 'no worker answered');
  const m = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
  if (/ECONNREFUSED|Connection is closed|Stream isn't writeable|enableOfflineQueue|ENOTFOUND|ETIMEDOUT/.test(m)) return jsonError(503, { queue: `Redis is not reachable: ${m}` });
  return jsonError(503, { service: m });
}

/**
 * Runs `handle` for a caller with at least `role`; a `mutation` is also refused when a cookie or
 * local-mode request comes from another site.
 */
async function guarded(request: Request, role: Role, mutation: boolean, handle: (user: User) => Promise<Response>): Promise<Response> {
  try {
    const user = await requireRole(role);
    if (mutation && user.via !== 'token') {
      const why = crossSiteReason(request.headers);
      if (why) return jsonError(403, { origin: `refused: ${why}; scripts send Authorization: Bearer <token>` }, 'forbidden');
    }
    return await handle(user);
  } catch (e) {
    return failure(e);
  }
}

function badId(kind: 'run' | 'experiment', id: string): Response | null {
  const ok = kind === 'run' ? RUN_ID_PATTERN.test(id) : EXPERIMENT_ID_PATTERN.test(id);
  return ok ? null : jsonError(400, { id: `expected ${kind === 'run' ? 'a run id like r-0123456789abcdef' : 'an experiment id like x-0123456789abcdef'}, got ${JSON.stringify(id.slice(0, 40))}` });
}

function searchParams(url: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const q = new URL(url).searchParams;
  for (const key of new Set(q.keys())) {
    const all = q.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/** GET /api/v1/runs?status=…&cell=…&task=…&experiment=…&sort=…&dir=…&page=…: the /runs page's filters */
export function listRuns(request: Request): Promise<Response> {
  return guarded(request, 'viewer', false, async () => {
    const view = parseRunsView(searchParams(request.url));
    const { rows, total, pages, byCell, byStatus } = await runsPage(view);
    return json({ runs: rows, total, page: view.page, pages, byCell, byStatus });
  });
}

/** GET /api/v1/runs/:id: the run and its timeline */
export function getRun(request: Request, { params }: Params): Promise<Response> {
  return guarded(request, 'viewer', false, async () => {
    const { id } = await params;
    const bad = badId('run', id);
    if (bad) return bad;
    const store = await getStore();
    const run = await store.getRun(id);
    if (!run) return jsonError(404, { id: `no run ${id}` }, 'not found');
    return json({ run, events: await store.listEvents(id) });
  });
}

/** GET /api/v1/experiments?page=N: 100 a page, newest first, with their runs counted by status */
export function listExperiments(request: Request): Promise<Response> {
  return guarded(request, 'viewer', false, async () => {
    const raw = new URL(request.url).searchParams.get('page') ?? '1';
    const page = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
    if (!(page >= 1)) return jsonError(400, { page: `expected a page number from 1, got ${JSON.stringify(raw.slice(0, 20))}` });
    const list = await experimentsList(page);
    return json({ experiments: list.map(({ experiment, byStatus }) => ({ ...experiment, byStatus })), page });
  });
}

/** GET /api/v1/experiments/:id: the experiment, its runs and its report (null until every run has finished) */
export function getExperiment(request: Request, { params }: Params): Promise<Response> {
  return guarded(request, 'viewer', false, async () => {
    const { id } = await params;
    const bad = badId('experiment', id);
    if (bad) return bad;
    const store = await getStore();
    const experiment = await store.getExperiment(id);
    if (!experiment) return jsonError(404, { id: `no experiment ${id}` }, 'not found');
    const [runs, stored] = await Promise.all([store.listRuns({ experimentId: id, limit: 1000 }), store.getExperimentReport(id)]);
    return json({ experiment, runs, report: stored?.report ?? null, reportAt: stored?.createdAt ?? null });
  });
}

const fieldsOf = (errors: { path: string; message: string }[]) => Object.fromEntries(errors.map((e) => [e.path.replace(/^(base|config)\./, '') || 'body', e.message]));

/**
 * POST /api/v1/submit with a plan request (`PlanRequestSchema`: a run, a comparison or a battery),
 * checked strictly here and planned by a worker exactly as the dashboard's form is (lib/actions.ts).
 * 201 `{ experimentId, runIds, created, name }`; the same request again is the same experiment.
 */
export function submit(request: Request): Promise<Response> {
  return guarded(request, 'editor', true, async (user) => {
    const body = await readJsonBody(request);
    if (!body.ok) return body.response;
    const parsed = PlanRequestSchema.safeParse(body.value, { reportInput: true });
    if (!parsed.success) return jsonError(400, fieldsOf(planRequestErrors(parsed.error, body.value)));
    try {
      takeSubmitSlot(user.id);
    } catch (e) {
      if (!(e instanceof SubmitRateError)) throw e;
      return Response.json({ error: 'too many requests', fields: { body: e.message } }, { status: 429, headers: { 'retry-after': String(e.retryAfterS), 'cache-control': 'no-store' } });
    }
    const { queue } = await getQueue();
    // as given, not as parsed: the worker needs to see which fields were set (see requestPlan)
    const result = await requestPlan(queue, body.value as PlanRequestInput, { timeoutMs: PLAN_TIMEOUT_MS });
    if (!result.ok) return jsonError(400, fieldsOf(result.errors));
    revalidatePath('/runs');
    revalidatePath('/experiments');
    return json({ experimentId: result.experimentId, runIds: result.runIds, created: result.created, name: result.name }, 201);
  });
}

/** POST /api/v1/runs/:id/cancel: a queued run at once, a running one after its current step */
export function cancelRunRequest(request: Request, { params }: Params): Promise<Response> {
  return guarded(request, 'editor', true, async () => {
    const { id } = await params;
    const bad = badId('run', id);
    if (bad) return bad;
    const store = await getStore();
    const { queue, redis } = await getQueue();
    const run = await cancelRun(store, queue, redis, id);
    revalidatePath(`/runs/${id}`);
    if (!run) {
      const now = await store.getRun(id);
      if (!now) return jsonError(404, { id: `no run ${id}` }, 'not found');
      return jsonError(409, { status: `${id} is ${now.status}: only a queued or running run can be cancelled` }, 'conflict');
    }
    return json({ id, status: run.status, message: run.status === 'cancelled' ? 'cancelled' : 'stopping after the current step' });
  });
}

/** POST /api/v1/experiments/:id/cancel: every unfinished run of the experiment */
export function cancelExperimentRequest(request: Request, { params }: Params): Promise<Response> {
  return guarded(request, 'editor', true, async () => {
    const { id } = await params;
    const bad = badId('experiment', id);
    if (bad) return bad;
    const store = await getStore();
    if (!(await store.getExperiment(id))) return jsonError(404, { id: `no experiment ${id}` }, 'not found');
    const { queue, redis } = await getQueue();
    const c = await cancelExperiment(store, queue, redis, id);
    revalidatePath(`/experiments/${id}`);
    return json({ id, cancelled: c.cancelled, stopping: c.stopping });
  });
}
