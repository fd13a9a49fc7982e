/**
 * Cross-site request forgery, for route handlers that change something (server actions have Next's
 * own Origin check). A request that proves who it is with an API token is exempt: a browser never
 * adds one by itself. Any other (a session cookie, or local mode, where being on this machine is the
 * proof) must come from this dashboard's own pages: its Origin must name the host it was sent to, as
 * Next compares them for server actions (X-Forwarded-Host behind a proxy, else Host). A
 * request without Origin is a script's (browsers send Origin on every POST), accepted only without a
 * cookie and when Sec-Fetch-Site does not say it came from another site.
 */
export function crossSiteReason(headers: Headers): string | null {
  const origin = headers.get('origin');
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (origin === null || origin === '' || origin === 'null') {
    const site = headers.get('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') return `a ${site} request without an Origin header`;
    if (origin === 'null') return 'a request from an opaque origin';
    return headers.has('cookie') ? 'a request with a cookie but without an Origin header' : null;
  }
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `a malformed Origin header ${JSON.stringify(origin.slice(0, 80))}`;
  }
  if (!host || originHost.toLowerCase() !== host.toLowerCase()) return `Origin ${origin.slice(0, 80)} is not this dashboard (${(host ?? 'no Host').slice(0, 80)})`;
  return null;
}
