import { describe, expect, it } from 'vitest';
import { crossSiteReason } from './origin';

const h = (o: Record<string, string>) => new Headers(o);

describe('crossSiteReason', () => {
  it("accepts the dashboard's own pages: Origin naming the host the request was sent to", () => {
    expect(crossSiteReason(h({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', cookie: 's=1' }))).toBeNull();
    // behind a proxy, the host the browser used
    expect(crossSiteReason(h({ host: 'dashboard:3000', 'x-forwarded-host': 'rnnlab.example.org', origin: 'https://rnnlab.example.org', cookie: 's=1' }))).toBeNull();
  });

  it('refuses another site, whatever it carries', () => {
    expect(crossSiteReason(h({ host: '127.0.0.1:3000', origin: 'http://evil.example', cookie: 's=1' }))).toMatch(/evil\.example is not this dashboard \(127\.0\.0\.1:3000\)/);
    expect(crossSiteReason(h({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:4000' }))).toMatch(/not this dashboard/);
    expect(crossSiteReason(h({ host: '127.0.0.1:3000', origin: 'null', cookie: 's=1' }))).toMatch(/opaque origin/);
    expect(crossSiteReason(h({ host: '127.0.0.1:3000', origin: 'not a url', cookie: 's=1' }))).toMatch(/malformed Origin/);
  });

  it("accepts a script's request (no Origin, no cookie) but not a cookie without Origin or a request a browser marked cross-site", () => {
    expect(crossSiteReason(h({ host: '127.0.0.1:3000' }))).toBeNull();
    expect(crossSiteReason(h({ host: '127.0.0.1:3000', cookie: 's=1' }))).toMatch(/cookie but without an Origin/);
    expect(crossSiteReason(h({ host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' }))).toMatch(/cross-site request/);
  });
});
