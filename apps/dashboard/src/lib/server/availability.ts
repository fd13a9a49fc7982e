/**
 * Whether the store and Redis answer. `probeServices` asks both (GET /api/health); `availability`
 * is the same, at most once a second per process, for the proxy that answers every page request
 * with a readable 503 when what the page reads is down (see proxy.ts).
 */
import { getQueue, getStore } from './services';

/** null when the service answers, else why not (one line) */
export interface Availability {
  store: string | null;
  redis: string | null;
}

const PROBE_TIMEOUT_MS = 2000;
const CACHE_MS = 1000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${PROBE_TIMEOUT_MS / 1000} s`)), PROBE_TIMEOUT_MS);
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

const why = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);

/** Ask the store and Redis now. */
export async function probeServices(): Promise<Availability> {
  const [store, redis] = await Promise.all([
    withTimeout(getStore().then((s) => s.countRuns({})), 'the store').then(
      () => null,
      (e: unknown) => why(e),
    ),
    withTimeout(getQueue().then(({ redis: r }) => r.ping()), 'Redis').then(
      () => null,
      (e: unknown) => why(e),
    ),
  ]);
  return { store, redis };
}

interface Cached {
  at: number;
  result: Promise<Availability>;
}
const cache = ((globalThis as { __rnnlabAvailability?: { last?: Cached } }).__rnnlabAvailability ??= {});

/** probeServices(), answered from the last probe when it is under a second old */
export function availability(now = Date.now()): Promise<Availability> {
  if (!cache.last || now - cache.last.at >= CACHE_MS) cache.last = { at: now, result: probeServices() };
  return cache.last.result;
}
