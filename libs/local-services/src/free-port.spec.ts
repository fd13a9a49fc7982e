import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './free-port';

function listen(port: number): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      resolve(() => new Promise((r) => server.close(() => r()))),
    );
  });
}

describe('freePort', () => {
  it('returns a port in 1..65535 that can be bound on 127.0.0.1 right after', async () => {
    const port = await freePort();
    expect(Number.isInteger(port) && port > 0 && port < 65536).toBe(true);
    const close = await listen(port);
    await close();
  });

  it('does not return a port that is being listened on', async () => {
    const held = await freePort();
    const close = await listen(held);
    try {
      const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
      expect(ports).not.toContain(held);
    } finally {
      await close();
    }
  });
});
