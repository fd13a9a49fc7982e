/** GET /api/health: 200 when the store answers and Redis is reachable, else 503 saying which is down. */
import { probeServices } from './availability';

export async function health(): Promise<Response> {
  const a = await probeServices();
  const out = { store: a.store === null ? 'ok' : `unavailable: ${a.store}`, redis: a.redis === null ? 'ok' : `unavailable: ${a.redis}` };
  return Response.json(out, { status: a.store === null && a.redis === null ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
