import { describe, expect, it } from 'vitest';
import { unavailableResponse } from './unavailable-page';

describe('unavailableResponse', () => {
  it('is a 503 with Retry-After, saying which service is down and how to bring it back', async () => {
    const r = unavailableResponse('store', 'connect ECONNREFUSED 127.0.0.1:5432', '/runs?cell=gru');
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('5');
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    const html = await r.text();
    expect(html).toMatch(/cannot reach the database/);
    expect(html).toMatch(/ECONNREFUSED 127\.0\.0\.1:5432/);
    expect(html).toMatch(/href="\/runs\?cell=gru"/);
  });

  it('escapes what it quotes', async () => {
    const html = await unavailableResponse('redis', '<script>alert(1)</script>', '/fleet"><img src=x>').text();
    expect(html).not.toMatch(/<script>|<img/);
    expect(html).toMatch(/&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});
