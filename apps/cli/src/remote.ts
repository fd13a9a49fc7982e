/**
 * The fleet commands against a remote dashboard. With RNNLAB_URL set (the dashboard's address) and
 * RNNLAB_TOKEN (an API token an admin made on /users or with `rnnlab users token`), `submit`,
 * `compare`, `sweep`, `runs`, `show`, `report` and `cancel` talk to the dashboard's /api/v1 instead
 * of opening the store and Redis: the team's fleet plans and trains, this machine needs neither.
 * The dashboard's answers become the CLI's own: a field error names the flag (exit 2), a refused
 * token or role says what to do (exit 2), a dashboard that is down or failing is exit 1.
 */
import { flagForPath, UsageError } from './args';

export interface Remote {
  /** e.g. `https://rnnlab.example.org`, without a trailing slash */
  url: string;
  token: string | null;
}

/** per request: a dashboard that does not answer in this time is reported, not waited on */
const REQUEST_TIMEOUT_MS = 90_000;

/** The remote dashboard named by RNNLAB_URL, or null for the local fleet (the store and Redis). */
export function remoteOf(env: NodeJS.ProcessEnv = process.env): Remote | null {
  const raw = env.RNNLAB_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`RNNLAB_URL: expected the dashboard's address like http://127.0.0.1:3000, got ${JSON.stringify(raw.slice(0, 80))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`RNNLAB_URL: expected an http:// or https:// address, got ${JSON.stringify(raw.slice(0, 80))}`);
  if (url.username || url.password) throw new UsageError('RNNLAB_URL: put no credentials in the address; give the API token in RNNLAB_TOKEN');
  const token = env.RNNLAB_TOKEN?.trim() || null;
  return { url: url.href.replace(/\/+$/, ''), token };
}

interface ApiError {
  error?: string;
  fields?: Record<string, string>;
}

/** `base.train.lr` / `config.train.lr` -> `--lr`; a request key (`cells`, `search.text`) as the flag that sets it */
const REQUEST_FLAGS: Record<string, string> = {
  cells: '--cells',
  seeds: '--seeds',
  match: '--match',
  lags: '--lags',
  priority: '--priority',
  'search.text': '--grid/--random',
  'search.trials': '--trials',
  'search.seed': '--sweep-seed',
  'asha.eta': '--eta',
  'asha.minSteps': '--min-steps',
};

/** A field error of the dashboard as the CLI says it: `base.train.lr` as `--lr: …` */
export function fieldLine(path: string, message: string): string {
  const field = path.replace(/^(base|config)\./, '');
  const flag = flagForPath(field) ?? REQUEST_FLAGS[field] ?? REQUEST_FLAGS[field.replace(/\.\d+$/, '')];
  if (flag) return `${flag}: ${message}`;
  return field && field !== 'base' && field !== 'config' ? `${field}: ${message}` : message;
}

/** An answer that is not 2xx as the error the CLI reports. */
function answerError(remote: Remote, status: number, body: ApiError | null): Error {
  const fields = Object.entries(body?.fields ?? {});
  if (status === 401) {
    const how = remote.token ? 'RNNLAB_TOKEN is not a valid API token (revoked, or mistyped)' : 'set RNNLAB_TOKEN to an API token';
    return new UsageError(`${remote.url}: unauthorized: ${how}; an admin makes one on /users or with \`rnnlab users token EMAIL --name NAME\``);
  }
  if (status === 403) return new UsageError(`${remote.url}: forbidden: ${fields.map(([, m]) => m).join('; ') || 'the token’s role may not do this'}`);
  if (status === 429) return new UsageError(`${remote.url}: too many requests: ${fields.map(([, m]) => m).join('; ')}`);
  if (status >= 400 && status < 500) {
    const lines = fields.length ? fields.map(([path, m]) => fieldLine(path, m)) : [`${remote.url} answered ${status}${body?.error ? ` (${body.error})` : ''}`];
    return new UsageError(lines.join('\n'));
  }
  const why = fields.map(([k, m]) => `${k}: ${m}`).join('; ') || body?.error || 'no details';
  return new Error(`the dashboard at ${remote.url} answered ${status}: ${why}`);
}

async function call<T>(remote: Remote, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (remote.token) headers.authorization = `Bearer ${remote.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${remote.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    throw new Error(`the dashboard at ${remote.url} is not reachable (${why}): is it running? RNNLAB_URL names it`);
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // a proxy's HTML error page, say: reported by its status below
  }
  if (!res.ok) throw answerError(remote, res.status, parsed as ApiError | null);
  if (parsed === null || typeof parsed !== 'object') throw new Error(`the dashboard at ${remote.url} answered ${method} ${path} with something that is not JSON (is RNNLAB_URL the dashboard's address?)`);
  return parsed as T;
}

export const apiGet = <T>(remote: Remote, path: string): Promise<T> => call<T>(remote, 'GET', path);
export const apiPost = <T>(remote: Remote, path: string, body?: unknown): Promise<T> => call<T>(remote, 'POST', path, body);

/** What POST /api/v1/submit answers */
export interface Submitted {
  experimentId: string | null;
  runIds: string[];
  created: boolean;
  name: string;
}

/** Submit a plan request (the shape of PlanRequestSchema): planned by a worker of the remote fleet. */
export const submitRemote = (remote: Remote, request: Record<string, unknown>): Promise<Submitted> => apiPost<Submitted>(remote, '/api/v1/submit', request);

/** The stored report of an experiment, or null while it has none. */
export async function remoteReport(remote: Remote, experimentId: string): Promise<unknown | null> {
  const r = await apiGet<{ report: unknown | null }>(remote, `/api/v1/experiments/${experimentId}`);
  return r.report ?? null;
}

/** What `compare` and `sweep` print once the dashboard has queued an experiment (nothing with --json: the ids come last). */
export function printRemoteSubmission(remote: Remote, s: Submitted, o: { json: boolean; wait: boolean }): void {
  if (o.json) return;
  const what = s.created ? `experiment ${s.experimentId}` : `the same experiment was submitted before as ${s.experimentId}`;
  process.stdout.write(`${what}: ${s.name}, ${s.runIds.length} runs, on ${remote.url}\n`);
  if (!o.wait) process.stdout.write(`follow it at ${remote.url}/experiments/${s.experimentId}; its report: rnnlab report ${s.experimentId}\n`);
}
