import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

/*
 * Slow clients on a real socket: one that drips its request a byte at a time, and one more
 * connection than the server accepts. Bounded: every wait gives up after a few seconds.
 */
const sandbox = useSandbox();
let server: TestServer;
let port = 0;

beforeAll(async () => {
  server = await startServer(sandbox(), { REQUEST_TIMEOUT_MS: '1500', MAX_CONNECTIONS: '3' });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server.close();
});

/** Opens a socket and resolves once connected; `received` collects what the server sends. */
async function open(): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString()));
  socket.on('error', () => {});
  const started = Date.now();
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, received: () => text, closed };
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);
}

describe('slow clients', () => {
  it('cuts off a client that drips its request, with a 408, close to the request timeout', async () => {
    const { socket, received, closed } = await open();
    socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n');
    const drip = setInterval(() => socket.writable && socket.write('{'), 300);
    const after = await within(closed, 6000);
    clearInterval(drip);
    socket.destroy();
    expect(after).not.toBe('timeout');
    expect(after as number).toBeLessThan(4000);
    expect(received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off a client that drips its headers', async () => {
    const { socket, closed } = await open();
    socket.write('GET /healthz HTTP/1.1\r\n');
    let n = 0;
    const drip = setInterval(() => socket.writable && socket.write(`X-Drip-${n++}: 1\r\n`), 300);
    const after = await within(closed, 6000);
    clearInterval(drip);
    socket.destroy();
    expect(after).not.toBe('timeout');
  });

  it('drops connections beyond MAX_CONNECTIONS at once, and serves again when one goes', async () => {
    const held = await Promise.all([open(), open(), open()]);
    const extra = await open();
    expect(await within(extra.closed, 2000)).not.toBe('timeout');
    held[0]!.socket.destroy();
    await held[0]!.closed;
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    for (const { socket } of held) socket.destroy();
  });
});
