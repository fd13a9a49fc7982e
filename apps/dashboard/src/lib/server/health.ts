/** GET /api/health: 200 when the store answers and Redis is reachable, else 503 saying which is down. */
import { getQueue, getStore } from './services';

export async function health(): Promise<Response> {
  const out: Record<string, string> = {};
  let ok = true;
  try {
    await (await getStore()).countRuns({});
    out.store = 'ok';
  } catch (e) {
    ok = false;
    out.store = `unavailable: ${(e as Error).message.split('\n')[0]}`;
  }
  try {
    const { redis } = await getQueue();
    await redis.ping();
    out.redis = 'ok';
  } catch (e) {
    ok = false;
    out.redis = `unavailable: ${(e as Error).message.split('\n')[0]}`;
  }
  return Response.json(out, { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
