/**
 * The page a request gets when what it reads is down: HTTP 503 with Retry-After, plain HTML that
 * needs nothing else from the server (no script, no stylesheet), saying which service is down and
 * how to bring it back. Never a stack trace: the reason is one line, HTML-escaped.
 */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** seconds a client should wait before trying again */
export const RETRY_AFTER_S = 5;

export type DownService = 'store' | 'redis';

const ADVICE: Record<DownService, { name: string; fix: string }> = {
  store: { name: 'the database', fix: 'Check that the database DATABASE_URL names is up (PostgreSQL: pg_ctlcluster … start); with the default SQLite, that RNNLAB_HOME is readable.' },
  redis: { name: 'Redis (the queue)', fix: 'Check that Redis at REDIS_URL is up — `rnnlab up` starts one locally. Runs and experiments can still be read while it is down.' },
};

export function unavailableResponse(service: DownService, reason: string, path: string): Response {
  const { name, fix } = ADVICE[service];
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_S * 2}"><title>rnnlab: service unavailable</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:4rem auto;padding:0 1rem;color:#1f2328}code{background:#f3f4f6;padding:0 .25rem}</style></head>
<body><main role="alert" data-testid="unavailable" data-service="${service}">
<h1>Service unavailable</h1>
<p>The dashboard cannot reach ${name}, so this page cannot be shown. Nothing was changed.</p>
<p>${escape(fix)}</p>
<p>What it said: <code>${escape(reason)}</code></p>
<p>This page tries again by itself every ${RETRY_AFTER_S * 2} seconds; or <a href="${escape(path)}">try again now</a>.</p>
</main></body></html>
`;
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': String(RETRY_AFTER_S), 'cache-control': 'no-store' } });
}
