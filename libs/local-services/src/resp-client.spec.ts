import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeCommand, parseReply, redisCommand } from './resp-client';

describe('encodeCommand', () => {
  it('writes a RESP array of bulk strings with byte lengths', () => {
    expect(encodeCommand(['INFO', 'server']).toString()).toBe('*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n');
    expect(encodeCommand(['SET', 'k', 'é']).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n');
  });
});

describe('parseReply', () => {
  it('parses simple strings, errors, integers, bulk and null bulk strings', () => {
    expect(parseReply(Buffer.from('+PONG\r\n'))).toEqual({ type: 'simple', value: 'PONG' });
    expect(parseReply(Buffer.from('-LOADING Redis is loading\r\n'))).toEqual({ type: 'error', value: 'LOADING Redis is loading' });
    expect(parseReply(Buffer.from(':42\r\n'))).toEqual({ type: 'integer', value: '42' });
    expect(parseReply(Buffer.from('$5\r\na\r\nbc\r\n'))).toEqual({ type: 'bulk', value: 'a\r\nbc' });
    expect(parseReply(Buffer.from('$-1\r\n'))).toEqual({ type: 'null' });
  });

  it('waits for the rest of an incomplete reply', () => {
    expect(parseReply(Buffer.from('+PON'))).toBeUndefined();
    expect(parseReply(Buffer.from('$10\r\nabc'))).toBeUndefined();
    expect(parseReply(Buffer.from('$3\r\nabc'))).toBeUndefined();
  });

  it('refuses arrays and garbage with the bytes it got', () => {
    expect(() => parseReply(Buffer.from('*1\r\n'))).toThrow(/unsupported RESP reply starting with "\*1"/);
    expect(() => parseReply(Buffer.from('$x\r\n'))).toThrow(/expected a bulk length, got "x"/);
  });
});

describe('redisCommand against a scripted server', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  function serve(onData: (socket: Socket, data: string) => void): Promise<number> {
    return new Promise((resolve) => {
      server = createServer((socket) => socket.on('data', (d) => onData(socket, d.toString())));
      server.listen(0, '127.0.0.1', () => {
        const a = server?.address();
        resolve(typeof a === 'object' && a ? a.port : 0);
      });
    });
  }

  it('sends the command and assembles a reply split across packets', async () => {
    let received = '';
    const port = await serve((socket, data) => {
      received += data;
      socket.write('$11\r\nhello');
      setTimeout(() => socket.write(' world\r\n'), 20);
    });
    await expect(redisCommand(port, ['ECHO', 'hello world'], 2000)).resolves.toEqual({ type: 'bulk', value: 'hello world' });
    expect(received).toBe('*2\r\n$4\r\nECHO\r\n$11\r\nhello world\r\n');
  });

  it('resolves an error reply as a value (the caller decides)', async () => {
    const port = await serve((socket) => socket.write('-LOADING Redis is loading the dataset in memory\r\n'));
    await expect(redisCommand(port, ['PING'], 2000)).resolves.toMatchObject({ type: 'error' });
  });

  it('rejects when no reply comes in time', async () => {
    const port = await serve(() => undefined);
    await expect(redisCommand(port, ['PING'], 100)).rejects.toThrow(/no reply to PING from 127.0.0.1:\d+ within 100 ms/);
  });

  it('rejects when the server closes before replying', async () => {
    const port = await serve((socket) => socket.end());
    await expect(redisCommand(port, ['PING'], 2000)).rejects.toThrow(/closed the connection before replying to PING/);
  });

  it('rejects when nothing listens', async () => {
    const port = await serve(() => undefined);
    await new Promise<void>((r) => server?.close(() => r()));
    server = undefined;
    await expect(redisCommand(port, ['PING'], 2000)).rejects.toThrow(/ECONNREFUSED/);
  });
});
