/** JSON error bodies of the route handlers: `{ error, fields }`, never a stack trace. */
export function jsonError(status: number, fields: Record<string, string>, error = status >= 500 ? 'service unavailable' : 'bad request'): Response {
  return Response.json({ error, fields }, { status, headers: { 'cache-control': 'no-store' } });
}
