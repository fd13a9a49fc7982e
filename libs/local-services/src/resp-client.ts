import { connect } from 'node:net';

/**
 * One Redis command over a fresh loopback connection, just enough of RESP for health checks
 * (PING, INFO) without a client library: simple strings, errors, integers and bulk strings.
 */

/** A parsed single reply. Arrays are not needed by the health checks and are refused. */
export type RespReply =
  | { type: 'simple'; value: string }
  | { type: 'error'; value: string }
  | { type: 'integer'; value: string }
  | { type: 'bulk'; value: string }
  | { type: 'null' };

/** Encodes a command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
  return Buffer.from(parts.join(''));
}

/**
 * Parses one reply from the start of `buf`: the reply, or undefined while it is incomplete.
 * Throws on a reply type it does not handle.
 */
export function parseReply(buf: Buffer): RespReply | undefined {
  const eol = buf.indexOf('\r\n');
  if (eol < 0) return undefined;
  const line = buf.subarray(1, eol).toString('utf8');
  switch (String.fromCharCode(buf[0])) {
    case '+':
      return { type: 'simple', value: line };
    case '-':
      return { type: 'error', value: line };
    case ':':
      return { type: 'integer', value: line };
    case '$': {
      const len = Number(line);
      if (!Number.isInteger(len) || len < -1) throw new Error(`parseReply(): expected a bulk length, got ${JSON.stringify(line)}`);
      if (len === -1) return { type: 'null' };
      const start = eol + 2;
      if (buf.length < start + len + 2) return undefined;
      return { type: 'bulk', value: buf.subarray(start, start + len).toString('utf8') };
    }
    default:
      throw new Error(`parseReply(): unsupported RESP reply starting with ${JSON.stringify(buf.subarray(0, Math.min(eol, 40)).toString('utf8'))}`);
  }
}

/**
 * Sends `args` to the Redis server on 127.0.0.1:`port` and resolves with its reply; rejects when the
 * connection fails, closes early, or no complete reply arrives within `timeoutMs`.
 *
 * @example
 * await redisCommand(6379, ['PING'], 500); // { type: 'simple', value: 'PONG' }
 */
export function redisCommand(port: number, args: readonly string[], timeoutMs: number): Promise<RespReply> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    let settled = false;
    const socket = connect({ port, host: '127.0.0.1' });
    const finish = (err: Error | undefined, reply?: RespReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else if (reply) resolve(reply);
    };
    const timer = setTimeout(
      () => finish(new Error(`redisCommand(): no reply to ${args[0]} from 127.0.0.1:${port} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('connect', () => socket.write(encodeCommand(args)));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        const reply = parseReply(buf);
        if (reply) finish(undefined, reply);
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.once('error', (err) => finish(err));
    socket.once('close', () => finish(new Error(`redisCommand(): 127.0.0.1:${port} closed the connection before replying to ${args[0]}`)));
  });
}
