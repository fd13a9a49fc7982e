import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: listen on port 0, read the port the kernel
 * chose, close. Nothing holds it afterwards, so another process may take it before the caller binds;
 * a caller that binds later must retry on "address in use" (startRedisServer does).
 *
 * @example
 * const port = await freePort(); // e.g. 41873
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close((err) => {
        if (err) reject(err);
        else if (port > 0) resolve(port);
        else reject(new Error(`freePort(): expected a TCP address from listen(0), got ${JSON.stringify(address)}`));
      });
    });
  });
}
