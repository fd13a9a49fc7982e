/**
 * GET /api/events?runs=r-…,r-… or ?experiment=x-…: a server-sent event stream of the runs' live
 * progress and status changes (see live-hub.ts), for a viewer at least. Ids are checked against
 * their patterns; at most MAX_RUNS runs per stream. A comment line every 15 s keeps proxies from
 * closing an idle stream.
 */
import { EXPERIMENT_ID_PATTERN, RUN_ID_PATTERN } from '@rnnlab/contracts';
import { AuthError, requireRole } from './auth';
import { subscribe, type LiveEvent } from './live-hub';
import { getStore } from './services';
import { jsonError } from './responses';

const MAX_RUNS = 200;

export async function streamEvents(request: Request): Promise<Response> {
  try {
    await requireRole('viewer');
  } catch (e) {
    if (e instanceof AuthError) return jsonError(e.status, { auth: e.message }, e.status === 401 ? 'unauthorized' : 'forbidden');
    return jsonError(503, { store: `the store is unavailable: ${(e as Error).message.split('\n')[0]}` });
  }
  const url = new URL(request.url);
  const runsParam = url.searchParams.get('runs');
  const experiment = url.searchParams.get('experiment');
  let runIds: string[];
  if (experiment !== null) {
    if (!EXPERIMENT_ID_PATTERN.test(experiment)) return jsonError(400, { experiment: 'expected an experiment id like x-0123456789abcdef' });
    try {
      const store = await getStore();
      runIds = (await store.listRuns({ experimentId: experiment, limit: MAX_RUNS })).map((r) => r.id);
    } catch (e) {
      return jsonError(503, { store: `the store is unavailable: ${(e as Error).message.split('\n')[0]}` });
    }
  } else if (runsParam !== null) {
    runIds = runsParam.split(',').filter(Boolean);
    if (runIds.length === 0 || runIds.length > MAX_RUNS) return jsonError(400, { runs: `expected 1 to ${MAX_RUNS} run ids, got ${runIds.length}` });
    const bad = runIds.find((id) => !RUN_ID_PATTERN.test(id));
    if (bad !== undefined) return jsonError(400, { runs: `expected run ids like r-0123456789abcdef, got ${JSON.stringify(bad.slice(0, 40))}` });
  } else {
    return jsonError(400, { runs: 'give runs=r-…,r-… or experiment=x-…' });
  }

  const encoder = new TextEncoder();
  let cleanup: () => void = () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send(`retry: 2000\n: subscribed to ${runIds.length} runs\n\n`);
      const unsubscribe = subscribe(runIds, (e: LiveEvent) => send(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`));
      const keepAlive = setInterval(() => send(': keep-alive\n\n'), 15_000);
      cleanup = () => {
        clearInterval(keepAlive);
        unsubscribe();
      };
      request.signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
  });
}
